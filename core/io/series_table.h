// Reading series of numbers from text files for the command line and the GUI: one number per
// line, or columns separated by commas, semicolons, tabs or spaces, with an optional header.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace flicker {

struct SeriesTable {
    std::vector<std::string> names;           ///< header names, or "1", "2", … without a header
    std::vector<std::vector<double>> columns; ///< one series per column, all of equal length
    bool hasHeader = false;
};

/// Parses text; `source` names the file in error messages. Lines that are empty or start
/// with '#' are skipped. Throws flicker::Error: EmptyInput (no numbers), ParseError (a field
/// that is not a number, a row with another number of fields; the message names line and
/// column), NonFinite (nan / inf written in the file, naming line and column).
SeriesTable parseSeriesTable(std::string_view text, const std::string& source);

/// Reads and parses a file (Io error if it cannot be read).
SeriesTable readSeriesTable(const std::string& path);

/// The column named `which` (a header name, or a 1-based column number). Throws
/// InvalidArgument listing the columns that exist.
const std::vector<double>& selectColumn(const SeriesTable& table, const std::string& which);

} // namespace flicker
