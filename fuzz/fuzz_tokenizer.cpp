// The tokenizer and UTF-8 repair: any bytes are repaired to valid UTF-8 (repairing again
// changes nothing, and valid text is left alone), then tokenized under the settings chosen by
// the first byte; every token is non-empty valid UTF-8 and appears in the repaired text.
#include "fuzz_support.h"
#include "text/tokenizer.h"

namespace {

bool validUtf8(std::string_view s) {
    std::string copy(s);
    return flicker::repairUtf8(copy) == 0 && copy == s;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flicker;
    if (size == 0) return 0;
    TokenizerSettings settings;
    settings.lowercase = data[0] & 1;
    settings.replaceHtmlBreaks = data[0] & 2;
    settings.keepPunctuation = data[0] & 4;
    settings.keepApostrophes = data[0] & 8;
    std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::string original = text;
    const std::size_t replaced = repairUtf8(text);
    fuzz::require((replaced == 0) == (text == original), "repair changes text iff it replaces");
    std::string again = text;
    fuzz::require(repairUtf8(again) == 0 && again == text, "repaired text is valid UTF-8");
    const TokenList tokens = Tokenizer(settings).tokenize(text);
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        const std::string_view token = tokens[k];
        fuzz::require(!token.empty(), "no empty token");
        fuzz::require(validUtf8(token), "tokens are valid UTF-8");
    }
    return 0;
}
