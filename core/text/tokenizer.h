// Splitting review text into tokens with science.md's defaults: lower-case, "<br />" becomes a
// space, a word is a run of letters, digits and apostrophes, punctuation dropped. Each rule is
// a setting, saved with a model so that recording uses the tokens the model was trained on.
#pragma once

#include "text/review.h"

#include <string>
#include <string_view>

namespace flicker {

struct TokenizerSettings {
    bool lowercase = true;          ///< fold letters to lower case (ASCII and Latin letters)
    bool replaceHtmlBreaks = true;  ///< "<br />", "<br/>", "<br>" become a space
    bool keepPunctuation = false;   ///< punctuation marks become one-character tokens
    bool keepApostrophes = true;    ///< apostrophes belong to words ("don't" is one token)
};

class Tokenizer {
public:
    explicit Tokenizer(TokenizerSettings settings = {}) : m_settings(settings) {}
    const TokenizerSettings& settings() const { return m_settings; }
    /// Tokens of UTF-8 text (invalid bytes must have been replaced before).
    TokenList tokenize(std::string_view text) const;

private:
    TokenizerSettings m_settings;
};

/// Makes text valid UTF-8: every invalid byte becomes U+FFFD. Returns how many were replaced.
std::size_t repairUtf8(std::string& text);

} // namespace flicker
