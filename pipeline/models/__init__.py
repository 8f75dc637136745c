"""Getting the models the default pipeline runs on, without any model hub."""
