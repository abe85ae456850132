"""One taxonomy of themes shared by the map, the agenda, the blog and the watch feed."""
