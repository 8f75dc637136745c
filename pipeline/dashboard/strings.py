"""Every word the dashboard shows, in one place (Chinese UI; the tables' codes in words)."""

from __future__ import annotations

APP_TITLE = "zhnews 报刊人物与机构"
APP_SUBTITLE = "谁在报上出现,担任什么职务,属于哪个机构"

NAV = {
    "/": "概览",
    "/search?kind=PERSON": "人物",
    "/entities": "机构与地点",
    "/topics": "主题",
    "/articles": "文章",
}
SEARCH_PLACEHOLDER = "搜索人物、机构、地点(回车)"

LABELS = {"PERSON": "人物", "ORG": "机构", "PLACE": "地点", "ROLE": "职务"}
# URL segment of each entity kind's page, and back.
PAGE_OF_LABEL = {"PERSON": "person", "ORG": "org", "PLACE": "place"}
LABEL_OF_PAGE = {page: label for label, page in PAGE_OF_LABEL.items()}

# How a role link was found (roles.method), in words.
METHODS = {
    "title_before_name": "职务在人名前",
    "names_before_title": "人名在职务前",
    "title_in_brackets": "括号中的职务",
    "byline": "署名",
    "listed_after_title": "职务后列出的人名",
    "title_after_name": "职务在人名后",
    "apposition": "同位语中的职务",
}
ARTICLE_TYPES = {"news": "消息", "photo": "图片", "commentary": "评论", "notice": "公告"}

SUMMARY = {
    "papers": "报纸",
    "dates": "日期",
    "pages": "版面",
    "articles": "文章",
    "PERSON": "人物",
    "ORG": "机构",
    "PLACE": "地点",
}

FILTER_PAPERS = "全部报纸"
FILTER_START = "开始日期"
FILTER_END = "结束日期"
FILTER_NO_DATES = "这些版面没有日期(清单、路径或版面上都没有),日期筛选不可用。"
FILTER_BAD_DATE = "日期“{value}”无法识别,已忽略;请用 YYYY-MM-DD。"
FILTER_BAD_PAPERS = "报纸筛选无法识别,已忽略。"

TOP_PEOPLE = "提及最多的人物"
TOP_ORGS = "提及最多的机构"
TOPICS_OVER_TIME = "主题随时间(点击查看主题)"
NETWORK = "人物 ↔ 机构(点击人物或机构查看)"
ORG_BARS = "机构:提及文章数(点击查看)"
PLACE_BARS = "地点:提及文章数(点击查看)"
TOPIC_BARS = "主题:文章数(点击查看)"
AXIS_MONTH = "月份"
AXIS_DAY = "日期"
AXIS_PAGE_ORDER = "版面顺序(版面无日期)"
NO_DATE = "(无日期)"

COLUMNS = {
    "name": "名称",
    "person": "人物",
    "title": "职务",
    "org_full": "机构",
    "org_parent": "上级机构",
    "parent": "上级",
    "label": "类别",
    "n_mentions": "提及次数",
    "n_articles": "文章数",
    "roles": "职务",
    "sentence": "原句",
    "articles": "文章",
    "article_title": "文章",
    "article_id": "文章编号",
    "first": "首次",
    "last": "末次",
    "paper": "报纸",
    "date": "日期",
    "page_no": "版次",
    "kicker": "引题",
    "weight": "权重",
    "top_terms": "关键词",
    "topic": "主题",
    "method": "来源",
    "text": "文字",
}

PERSON_TIMELINE = "职务时间线"
PERSON_TIMELINE_NOTE_DATES = "每条线从首次到末次报道该职务的文章(按版面日期)。"
PERSON_TIMELINE_NOTE_ORDER = "版面没有日期:按版面顺序排列(第几版面),不是时间。"
PERSON_ROLES = "职务与原句"
PERSON_ARTICLES = "提到此人的文章"
PERSON_NO_ROLES = "没有找到此人的职务。"
PERSON_FIGURES = "提及 {n_mentions} 次,{n_articles} 篇文章"
BYLINE_SENTENCE = "(署名)"

ENTITY_PARENT = "上级:{parent}"
ENTITY_HOLDERS = "谁担任过这里的职务(按时间)"
ENTITY_HOLDERS_PLACE = "在以此地命名的机构任职的人物(按时间)"
ENTITY_NO_HOLDERS = "没有人在这里任职的记录。"
ENTITY_ARTICLES = "提到它的文章"

TOPIC_ARTICLES = "此主题的文章"
TOPIC_OUTLIER = "未归类/离群"
TOPIC_TERMS = "关键词:{terms}"

ARTICLE_LIST = "全部文章"
ARTICLE_LINKS = "人物 · 职务 · 机构"
ARTICLE_NO_LINKS = "这篇文章没有人物职务链接。"
ARTICLE_UNTITLED = "(无标题)"
ARTICLE_FIELDS = {
    "kicker": "引题",
    "subtitle": "副题",
    "byline": "署名",
    "source_tag": "电头",
    "paper": "报纸",
    "date": "日期",
    "page_no": "版次",
    "type": "体裁",
}
ARTICLE_LEGEND = "高亮:"

SEARCH_TITLE = "搜索“{query}”"
SEARCH_ALL = "全部{label}"
SEARCH_COUNTS = "{label} {count}"
SEARCH_NONE = "没有找到“{query}”。"
SEARCH_SUGGEST = "您是不是要找:"

PAGER = "第 {page} / {pages} 页,共 {total} 条"
PREVIOUS = "上一页"
NEXT = "下一页"
DOWNLOAD = "下载 CSV"
ALL_FILTER = "全部"

NOT_FOUND = "没有这个页面:{path}"
BAD_REQUEST = "请求无法识别:{what}。"
UNKNOWN_PERSON = "没有找到人物“{name}”。"
UNKNOWN_ENTITY = "没有找到{label}“{name}”。"
UNKNOWN_TOPIC = "没有编号为“{key}”的主题。"
UNKNOWN_ARTICLE = "没有编号为“{key}”的文章。"
TABLE_MISSING = "{path} 不存在:请先运行 `make repro`(或 `zhnews run`)生成。"
TABLE_UNREADABLE = "{path} 无法读取({error})。"
TABLE_EMPTY = "{path} 没有数据行。"
