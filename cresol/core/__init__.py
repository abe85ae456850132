"""The site's frame: home page, editorial pages, health check, demo content and error pages."""
