"""Members: the user model, their profile and the member space ("Mon espace")."""
