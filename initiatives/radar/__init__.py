"""Le radar de l'innovation sociale: a self-assessment an initiative's contributor fills, on a grid staff
edit and version, drawn as an SVG radar and kept per date (proposal 9 of Cré-sol's contribution)."""
