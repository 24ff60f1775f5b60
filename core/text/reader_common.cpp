#include "text/reader_common.h"

#include "input_file.h"

#include "error.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <numeric>

namespace flicker::detail {

CorpusBuilder::CorpusBuilder(std::string name, std::string source, const ReadSettings& settings,
                             const ProgressFn& progress, std::stop_token stop)
    : m_progress(progress), m_stop(std::move(stop)), m_tokenizer(settings.tokenizer) {
    m_corpus.name = std::move(name);
    m_corpus.source = std::move(source);
}

bool CorpusBuilder::add(Review review, std::string_view where, std::string order) {
    std::string& text = review.text;
    if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3); // a byte-order mark is not text
    const std::size_t replaced = repairUtf8(text);
    if (replaced) {
        ++m_corpus.report.reviewsWithBadUtf8;
        m_corpus.report.bytesReplaced += replaced;
        warn(std::string(where) + ": " + std::to_string(replaced) +
                 (replaced == 1 ? " byte that is" : " bytes that are") +
                 " not UTF-8 replaced by U+FFFD",
             order);
    }
    if (text.find_first_not_of(" \t\r\n\f\v") == std::string::npos) {
        ++m_corpus.report.reviewsSkippedEmpty;
        warn(std::string(where) + ": empty review skipped", order);
        return false;
    }
    review.tokens = m_tokenizer.tokenize(text);
    m_corpus.reviews.push_back(std::move(review));
    m_order.push_back(std::move(order));
    return true;
}

void CorpusBuilder::warn(std::string line, std::string order) {
    m_warnings.emplace_back(std::move(order), std::move(line));
}

void CorpusBuilder::checkCancelled() const {
    if (m_stop.stop_requested())
        throw Error(ErrorCode::Cancelled, "reading " + m_corpus.name + " was cancelled",
                    m_corpus.source);
}

void CorpusBuilder::progress(std::size_t item, std::size_t done, std::size_t total) {
    if (item % kProgressStep == 0) progressNow(done, total);
}

void CorpusBuilder::progressNow(std::size_t done, std::size_t total) {
    if (!m_progress) return;
    m_progress(
        {"reading", done, total,
         "reading " + m_corpus.name + ": " + std::to_string(m_corpus.reviews.size()) + " reviews"});
}

Corpus CorpusBuilder::finish(bool sortByOrder) {
    if (sortByOrder) {
        std::vector<std::size_t> index(m_corpus.reviews.size());
        std::iota(index.begin(), index.end(), std::size_t(0));
        std::stable_sort(index.begin(), index.end(),
                         [&](std::size_t a, std::size_t b) { return m_order[a] < m_order[b]; });
        std::vector<Review> sorted;
        sorted.reserve(index.size());
        for (const std::size_t i : index)
            sorted.push_back(std::move(m_corpus.reviews[i]));
        m_corpus.reviews = std::move(sorted);
        std::stable_sort(m_warnings.begin(), m_warnings.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
    }
    auto& out = m_corpus.report.warnings;
    for (std::size_t k = 0; k < m_warnings.size() && k < kMaxWarnings; ++k)
        out.push_back(std::move(m_warnings[k].second));
    if (m_warnings.size() > kMaxWarnings)
        out.push_back("… and " + std::to_string(m_warnings.size() - kMaxWarnings) +
                      " more warnings like these");
    m_warnings.clear();
    m_order.clear();
    return std::move(m_corpus);
}

std::string displayPath(const std::filesystem::path& path) {
    const auto text = path.u8string();
    return std::string(text.begin(), text.end());
}

std::string folderName(const std::filesystem::path& folder) {
    std::error_code ec;
    std::filesystem::path p = std::filesystem::absolute(folder, ec).lexically_normal();
    if (p.filename().empty()) p = p.parent_path(); // "…/aclImdb/" normalises to a trailing "/"
    const std::string name = displayPath(p.filename());
    return name.empty() ? displayPath(folder) : name;
}

std::string readFile(const std::filesystem::path& path, std::uint64_t limit,
                     std::string_view what) {
    return readInputFile(displayPath(path), limit, what);
}

bool naturalLess(std::string_view a, std::string_view b) {
    const auto isDigit = [](char c) { return c >= '0' && c <= '9'; };
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (isDigit(a[i]) && isDigit(b[j])) {
            std::size_t ie = i, je = j;
            while (ie < a.size() && isDigit(a[ie]))
                ++ie;
            while (je < b.size() && isDigit(b[je]))
                ++je;
            // Compare by value: skip leading zeros, then longer is larger, then digit by digit.
            std::size_t is = i, js = j;
            while (is + 1 < ie && a[is] == '0')
                ++is;
            while (js + 1 < je && b[js] == '0')
                ++js;
            if (ie - is != je - js) return ie - is < je - js;
            const int c = a.substr(is, ie - is).compare(b.substr(js, je - js));
            if (c != 0) return c < 0;
            i = ie;
            j = je;
        } else {
            if (a[i] != b[j])
                return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
            ++i;
            ++j;
        }
    }
    if (a.size() - i != b.size() - j) return a.size() - i < b.size() - j;
    return a < b; // equal by value ("01" and "1"): any fixed order
}

std::string asciiLower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = char(c | 0x20);
    return out;
}

std::string sortableNumber(std::uint64_t n) {
    std::string digits = std::to_string(n);
    return std::string(20 - digits.size(), '0') + digits;
}

} // namespace flicker::detail
