# The demo corpus generator and its embedded word lists (resources/demo_corpus/).
