// Splitting review text into tokens with science.md's defaults: lower-case, "<br />" becomes a
// space, a word is a run of letters, digits and apostrophes, punctuation dropped. Each rule is
// a setting, saved with a model so that recording uses the tokens the model was trained on.
#pragma once

#include "text/review.h"

#include <string>
#include <string_view>

namespace flicker {

struct TokenizerSettings {
    bool lowercase = true;         ///< fold letters to lower case (any script, simple mapping)
    bool replaceHtmlBreaks = true; ///< "<br />", "<br/>", "<br>" become a space
    bool keepPunctuation = false;  ///< punctuation marks become one-character tokens
    bool keepApostrophes = true;   ///< apostrophes belong to words ("don't" is one token)
};

/// UTF-8: letters, digits and combining marks of any script (by Unicode category) belong to
/// words; non-ASCII letters are lower-cased by their simple Unicode mapping (É → é, Ω → ω,
/// Д → д). Other characters (white space, controls, dashes, curly quotes, ellipsis, U+FFFD)
/// separate words; with keepPunctuation, each punctuation mark or symbol — ASCII or not,
/// except U+FFFD — is a token of its own. A run of apostrophes alone ("'") is a word, as in
/// the reference regular expression [a-z0-9']+ on ASCII text, which this matches exactly.
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
