// Series files (the `dfa` input): parseSeriesTable on any text, then every column selected by
// name and by number. Accepted tables must be rectangular and hold only finite numbers.
#include "fuzz_support.h"
#include "io/series_table.h"

#include <cmath>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flicker;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    SeriesTable table;
    if (!fuzz::accepts([&] { table = parseSeriesTable(text, "fuzz.txt"); })) return 0;
    fuzz::require(!table.columns.empty(), "an accepted table without columns");
    fuzz::require(table.names.size() == table.columns.size(), "a name for each column");
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        fuzz::require(table.columns[c].size() == table.columns[0].size(),
                      "columns of equal length");
        for (const double v : table.columns[c])
            fuzz::require(std::isfinite(v), "finite values");
        const std::string number = std::to_string(c + 1);
        fuzz::accepts([&] { selectColumn(table, number); });
        fuzz::accepts([&] { selectColumn(table, table.names[c]); });
    }
    fuzz::accepts([&] { selectColumn(table, "no such column"); });
    return 0;
}
