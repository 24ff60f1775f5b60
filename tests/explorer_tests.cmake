# Explorer page tests (tests/app).
