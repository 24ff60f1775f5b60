# Widget tests (tests/widgets).
