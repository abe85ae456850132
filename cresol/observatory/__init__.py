"""L'observatoire: the portal's figures, each from its section, drawn as a choropleth, bars and tables,
every one downloadable as CSV with its definition (proposal 8 of Cré-sol's contribution)."""
