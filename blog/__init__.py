"""Blog contributif: articles, thematic files and experience reports written by members."""
