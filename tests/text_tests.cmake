# Tests of core/text: tokenizer, vocabulary, readers.
flicker_add_test(core tokenizer LIBS flicker_core)
flicker_add_test(core vocabulary LIBS flicker_core Qt6::Core)
# The reader tests pack their fixture archives with libarchive's write API.
flicker_add_test(core readers LIBS flicker_core Qt6::Core LibArchive::LibArchive)
