"""The Cré-sol portal: settings, URLs and the pieces every section shares."""
