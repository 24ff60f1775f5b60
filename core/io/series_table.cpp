#include "io/series_table.h"

#include "error.h"
#include "input_file.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

namespace flicker {
namespace {

std::string_view trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n\"");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n\"");
    return s.substr(b, e - b + 1);
}

char detectDelimiter(std::string_view line) {
    for (char d : {',', ';', '\t'})
        if (line.find(d) != std::string_view::npos) return d;
    return ' ';
}

std::vector<std::string_view> splitFields(std::string_view line, char delim) {
    std::vector<std::string_view> fields;
    if (delim == ' ') {
        std::size_t i = 0;
        while (i < line.size()) {
            while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
                ++i;
            if (i >= line.size()) break;
            std::size_t j = i;
            while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r')
                ++j;
            fields.push_back(line.substr(i, j - i));
            i = j;
        }
        return fields;
    }
    std::size_t start = 0;
    while (true) {
        const auto pos = line.find(delim, start);
        fields.push_back(trim(line.substr(start, pos - start)));
        if (pos == std::string_view::npos) break;
        start = pos + 1;
    }
    return fields;
}

/// True when the field is a well-formed number too large (or too small) for a double.
bool isOutOfRange(std::string_view field) {
    field = trim(field);
    if (!field.empty() && field.front() == '+') field.remove_prefix(1);
    double value = 0;
    const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
    return ec == std::errc::result_out_of_range && ptr == field.data() + field.size();
}

bool parseNumber(std::string_view field, double& value) {
    field = trim(field);
    if (!field.empty() && field.front() == '+') field.remove_prefix(1);
    if (field.empty()) return false;
    const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
    return ec == std::errc() && ptr == field.data() + field.size();
}

/// A field that starts like a number ("-0.5", ".5", "1e400", "0..5"): such a field is data
/// (good or bad), never a column name.
bool looksNumeric(std::string_view field) {
    field = trim(field);
    if (!field.empty() && (field.front() == '+' || field.front() == '-')) field.remove_prefix(1);
    if (!field.empty() && field.front() == '.') field.remove_prefix(1);
    return !field.empty() && field.front() >= '0' && field.front() <= '9';
}

std::string where(const std::string& source, std::size_t line, std::size_t column) {
    return source + ":" + std::to_string(line) + ", column " + std::to_string(column);
}

} // namespace

SeriesTable parseSeriesTable(std::string_view text, const std::string& source) {
    if (const std::string what = encodingProblem(text); !what.empty())
        throw Error(ErrorCode::ParseError,
                    source + ": this looks like " + what +
                        ", not a text of numbers; save it as UTF-8 (or plain ASCII) text",
                    source);
    SeriesTable table;
    char delim = 0;
    std::size_t lineNo = 0, start = 0;
    while (start <= text.size()) {
        // Lines end with LF, CR LF, or CR alone (old Mac files).
        auto end = text.find_first_of("\r\n", start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        if (end < text.size() && text[end] == '\r' && start < text.size() && text[start] == '\n')
            ++start;
        if (start >= text.size() && end < text.size()) end = text.size(); // a final line end
        ++lineNo;
        if (lineNo == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3); // UTF-8 BOM
        const std::string_view content = trim(line);
        if (content.empty() || content.front() == '#') {
            if (end == text.size()) break;
            continue;
        }
        if (!delim) delim = detectDelimiter(content);
        const auto fields = splitFields(content, delim);
        if (table.columns.empty() && !table.hasHeader) {
            // Column names only when no field looks like a number: "1e400" or "0..5" on the
            // first line is bad data, reported as such, not a header silently dropped.
            bool anyNumeric = false;
            for (auto f : fields)
                anyNumeric = anyNumeric || looksNumeric(f);
            table.columns.resize(fields.size());
            if (!anyNumeric) { // a header line
                table.hasHeader = true;
                for (auto f : fields)
                    table.names.emplace_back(trim(f));
                if (end == text.size()) break;
                continue;
            }
            for (std::size_t c = 0; c < fields.size(); ++c)
                table.names.push_back(std::to_string(c + 1));
        }
        if (fields.size() != table.columns.size())
            throw Error(ErrorCode::ParseError,
                        source + ":" + std::to_string(lineNo) + ": expected " +
                            std::to_string(table.columns.size()) + " fields, found " +
                            std::to_string(fields.size()),
                        source);
        for (std::size_t c = 0; c < fields.size(); ++c) {
            double v;
            if (!parseNumber(fields[c], v))
                throw Error(ErrorCode::ParseError,
                            where(source, lineNo, c + 1) + ": " + quoteInput(fields[c]) +
                                (looksNumeric(fields[c]) && isOutOfRange(fields[c])
                                     ? " is beyond the range of a double (about ±1.8e308)"
                                     : " is not a number"),
                            source);
            if (!std::isfinite(v))
                throw Error(ErrorCode::NonFinite,
                            where(source, lineNo, c + 1) + ": value is " +
                                (std::isnan(v) ? "NaN" : "infinite") + " (series index " +
                                std::to_string(table.columns[c].size()) + "): remove or replace it",
                            source);
            table.columns[c].push_back(v);
        }
        if (end == text.size()) break;
    }
    if (table.columns.empty() || table.columns.front().empty())
        throw Error(ErrorCode::EmptyInput, source + ": holds no numbers", source);
    return table;
}

SeriesTable readSeriesTable(const std::string& path) {
    return parseSeriesTable(readInputFile(path, kMaxSeriesFileBytes, "series file"), path);
}

const std::vector<double>& selectColumn(const SeriesTable& table, const std::string& which) {
    for (std::size_t c = 0; c < table.names.size(); ++c)
        if (table.names[c] == which) return table.columns[c];
    std::size_t index = 0;
    const auto [ptr, ec] = std::from_chars(which.data(), which.data() + which.size(), index);
    if (ec == std::errc() && ptr == which.data() + which.size() && index >= 1 &&
        index <= table.columns.size())
        return table.columns[index - 1];
    // The names come from the file: each quoted safely, and only the first few listed.
    constexpr std::size_t kNamesListed = 20;
    std::string names;
    for (std::size_t c = 0; c < std::min(table.names.size(), kNamesListed); ++c)
        names += (c ? ", " : "") + quoteInput(table.names[c]);
    if (table.names.size() > kNamesListed)
        names += " and " + std::to_string(table.names.size() - kNamesListed) + " more";
    throw Error(ErrorCode::InvalidArgument,
                "no column " + quoteInput(which) + ": the file has " +
                    std::to_string(table.columns.size()) + " column(s): " + names,
                "column");
}

} // namespace flicker
