"""Growth benchmark: distinct words and pieces as the corpus grows (issue 13)."""
