# Tests of core/text: tokenizer, vocabulary, readers.
