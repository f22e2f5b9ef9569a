"""geostance.nlp."""
