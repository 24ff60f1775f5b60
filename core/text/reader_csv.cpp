// A CSV of reviews with a text and a label column (e.g. the 50,000-row "review,sentiment" IMDB
// file): RFC 4180 quoting, with commas, doubled quotes and line breaks inside quoted fields.
#include "input_file.h"
#include "text/reader_common.h"

#include "error.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <tuple>

namespace flicker {
namespace {

/// Splits CSV text into records, tracking physical line numbers for messages.
class CsvParser {
public:
    CsvParser(std::string_view text, std::string source)
        : m_text(text), m_source(std::move(source)) {}

    /// The next record into `fields`; false at the end. `line` is where the record starts.
    bool next(std::vector<std::string>& fields, std::size_t& line) {
        fields.clear();
        m_suspectLine = 0;
        if (m_pos >= m_text.size()) return false;
        line = m_line;
        while (true) {
            fields.emplace_back();
            std::string& field = fields.back();
            if (m_pos < m_text.size() && m_text[m_pos] == '"') readQuoted(field);
            readPlain(field); // an unquoted field, or text after a closing quote (kept, leniently)
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size()) { // '\n'
                ++m_pos;
                ++m_line;
            }
            return true;
        }
    }

    std::size_t position() const { return m_pos; }
    /// The physical line where the last record's quoted field ran into what looks like a new
    /// row (0 when it did not).
    std::size_t suspectLine() const { return m_suspectLine; }

private:
    void readQuoted(std::string& field) {
        const std::size_t startLine = m_line;
        ++m_pos;
        while (true) {
            const std::size_t quote = m_text.find('"', m_pos);
            if (quote == std::string_view::npos)
                throw Error(ErrorCode::ParseError,
                            m_source + ":" + std::to_string(startLine) +
                                ": the quoted field that starts on this line has no closing "
                                "quote (it runs to the end of the file)",
                            m_source);
            const std::string_view chunk = m_text.substr(m_pos, quote - m_pos);
            for (std::size_t k = 0; k < chunk.size(); ++k) {
                if (chunk[k] != '\n') continue;
                ++m_line;
                if (!m_suspectLine && looksLikeRowBoundary(m_pos + k)) m_suspectLine = m_line;
            }
            field.append(chunk);
            m_pos = quote + 1;
            if (m_pos < m_text.size() && m_text[m_pos] == '"') { // "" is one quote
                field.push_back('"');
                ++m_pos;
                continue;
            }
            return;
        }
    }

    void readPlain(std::string& field) {
        const std::size_t end = m_text.find_first_of(",\n", m_pos);
        const std::size_t stop = end == std::string_view::npos ? m_text.size() : end;
        std::string_view chunk = m_text.substr(m_pos, stop - m_pos);
        if (chunk.ends_with('\r') && (stop == m_text.size() || m_text[stop] == '\n'))
            chunk.remove_suffix(1); // CRLF line ends
        field.append(chunk);
        m_pos = stop;
    }

    /// A line break inside a quoted field that looks like the end of a row and the start of
    /// the next: the line before it ends with ",<label>" (1, 0, pos, neg, positive, negative),
    /// or the line after it starts with a quote. Review texts (IMDb writes <br />) rarely do.
    bool looksLikeRowBoundary(std::size_t newline) const {
        if (newline + 1 < m_text.size() && m_text[newline + 1] == '"') return true;
        std::string_view before = m_text.substr(0, newline);
        if (before.ends_with('\r')) before.remove_suffix(1);
        const std::size_t comma = before.rfind(',');
        if (comma == std::string_view::npos || newline - comma > 10) return false;
        const std::string label = detail::asciiLower(before.substr(comma + 1));
        for (const char* known : {"1", "0", "pos", "neg", "positive", "negative"})
            if (label == known) return true;
        return false;
    }

    std::string_view m_text;
    std::string m_source;
    std::size_t m_pos = 0;
    std::size_t m_line = 1;
    std::size_t m_suspectLine = 0;
};

std::string trimmed(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

/// Index of the first column named like one of `names` (case-insensitive), or npos.
std::size_t findColumn(const std::vector<std::string>& header,
                       const std::vector<std::string>& names) {
    for (const std::string& name : names)
        for (std::size_t k = 0; k < header.size(); ++k)
            if (detail::asciiLower(trimmed(header[k])) == detail::asciiLower(name)) return k;
    return std::string::npos;
}

std::string listNames(const std::vector<std::string>& names, const char* joiner) {
    std::string out;
    for (std::size_t k = 0; k < names.size(); ++k)
        out += (k ? joiner : "") + quoteInput(trimmed(names[k]), 40, '"');
    return out;
}

/// 1 positive, 0 negative, −1 not a label.
int parseLabel(std::string_view field) {
    const std::string value = detail::asciiLower(trimmed(field));
    if (value == "positive" || value == "pos" || value == "1") return 1;
    if (value == "negative" || value == "neg" || value == "0") return 0;
    return -1;
}

} // namespace

Corpus readCsvCorpus(const std::string& file, const ReadSettings& settings,
                     const ProgressFn& progress, std::stop_token stop) {
    if (!(settings.csvTestFraction >= 0 && settings.csvTestFraction <= 1))
        throw Error(ErrorCode::InvalidArgument,
                    "csvTestFraction must be between 0 and 1, not " +
                        std::to_string(settings.csvTestFraction),
                    "csvTestFraction");
    const std::string name = detail::displayPath(std::filesystem::path(file).filename());
    detail::CorpusBuilder builder(name, file, settings, progress, stop);
    std::string data = detail::readFile(file, kMaxReviewTableBytes, "table of reviews");
    builder.fileRead();
    std::string_view text = data;
    if (const std::string what = encodingProblem(text); !what.empty())
        throw Error(ErrorCode::ParseError,
                    name + ": this looks like " + what +
                        ", not a CSV table; save it as UTF-8 text (e.g. \"CSV UTF-8\" in a "
                        "spreadsheet)",
                    file);
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);

    CsvParser parser(text, name);
    std::vector<std::string> fields;
    std::size_t line = 0;
    const auto blank = [&] { return fields.size() == 1 && trimmed(fields[0]).empty(); };
    bool haveHeader = parser.next(fields, line);
    while (haveHeader && blank())
        haveHeader = parser.next(fields, line);
    if (!haveHeader)
        throw Error(ErrorCode::EmptyInput,
                    file + " is empty: expected a header line naming a text and a label column, "
                           "such as review,sentiment",
                    file);
    std::vector<std::string> header = fields;
    for (std::string& column : header)
        repairUtf8(column); // only for messages; the names to look for are ASCII

    const auto pick = [](const std::string& chosen, std::vector<std::string> defaults) {
        return chosen.empty() ? defaults : std::vector<std::string>{chosen};
    };
    const auto textNames = pick(settings.csvTextColumn, {"review", "text"});
    const auto labelNames = pick(settings.csvLabelColumn, {"sentiment", "label"});
    const std::size_t textColumn = findColumn(header, textNames);
    const std::size_t labelColumn = findColumn(header, labelNames);
    for (const auto& [column, names, role] :
         {std::tuple{textColumn, textNames, "text"}, std::tuple{labelColumn, labelNames, "label"}})
        if (column == std::string::npos)
            throw Error(ErrorCode::ParseError,
                        name + ":" + std::to_string(line) + ": no " + role + " column " +
                            listNames(names, " or ") + "; the columns are " +
                            listNames(header, ", "),
                        file);
    const std::size_t needed = std::max(textColumn, labelColumn) + 1;

    builder.progressNow(0, text.size());
    std::size_t rows = 0;
    while (parser.next(fields, line)) {
        builder.checkCancelled();
        ++rows;
        builder.progress(rows, parser.position(), text.size());
        if (blank()) continue;
        if (fields.size() < needed)
            throw Error(ErrorCode::ParseError,
                        name + ":" + std::to_string(line) + ": this row has " +
                            std::to_string(fields.size()) + " field(s), but the header has " +
                            std::to_string(header.size()) + " columns",
                        file);
        Review review;
        review.id = name + ":" + std::to_string(line); // where the record starts
        review.label = parseLabel(fields[labelColumn]);
        if (review.label < 0) {
            throw Error(ErrorCode::ParseError,
                        name + ":" + std::to_string(line) + ": the label " +
                            quoteInput(trimmed(fields[labelColumn]), 40, '"') + " in column " +
                            quoteInput(trimmed(header[labelColumn]), 40, '"') +
                            " is not positive/negative, pos/neg or 1/0",
                        file);
        }
        if (parser.suspectLine()) {
            ++builder.report().rowsWithSuspectQuotes;
            builder.warn(name + ":" + std::to_string(line) +
                         ": a quoted field runs over the line break before line " +
                         std::to_string(parser.suspectLine()) +
                         " into what looks like a new row; a closing quote may be missing "
                         "(the lines were read as one review)");
        }
        review.text = std::move(fields[textColumn]);
        const std::string where = review.id;
        builder.add(std::move(review), where);
    }
    if (builder.reviewCount() == 0)
        throw Error(ErrorCode::EmptyInput,
                    file + ": no reviews (the file has a header but no rows with text)", file);

    // No split in the file: the last csvTestFraction of the rows become the test set.
    auto& reviews = builder.reviews();
    const auto testCount =
        std::size_t(std::llround(settings.csvTestFraction * double(reviews.size())));
    for (std::size_t k = 0; k < reviews.size(); ++k)
        reviews[k].split = k + testCount >= reviews.size() ? Split::Test : Split::Train;
    builder.progressNow(text.size(), text.size());
    return builder.finish(false);
}

} // namespace flicker
