"""Plan as a team: split a team across parallel tracks, exactly, and see who is where."""
