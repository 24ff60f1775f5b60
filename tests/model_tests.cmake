# Tests of core/model, core/train, core/record.
