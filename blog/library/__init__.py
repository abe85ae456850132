"""Ressources: the network's library of guides, tools, reports, trainings and recordings under free
licences, proposed by members and moderated (proposals 2, 4 and 5 of Cré-sol's contribution)."""
