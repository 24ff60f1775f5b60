#include "cli_commands.h"
#include "cli_data.h"
#include "cli_options.h"

#include "error.h"
#include "input_file.h"
#include "io/output_path.h"
#include "io/series_table.h"
#include "signal/dfa.h"
#include "signal/synthetic.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <charconv>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

namespace flicker::cli {
namespace {

std::string number(double v, int digits = 10) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    return buf;
}

} // namespace

namespace {

// --method, --order, the window sizes (--scales, or --min/--max/--count) and the fit range.
DfaSettings dfaSettingsFrom(const Options& o) {
    DfaSettings settings;
    if (o.values.count("method")) settings.method = parseDfaMethod(o.values.at("method"));
    if (o.values.count("order")) settings.order = parseValue<int>("order", o.values.at("order"));
    if (o.values.count("scales")) {
        if (o.values.count("min") || o.values.count("max") || o.values.count("count"))
            throw Error(ErrorCode::InvalidArgument,
                        "give either --scales or --min/--max/--count, not both");
        settings.scales = parseIntList("scales", o.values.at("scales"));
    }
    if (o.values.count("min")) settings.minScale = parseValue<int>("min", o.values.at("min"));
    if (o.values.count("max")) settings.maxScale = parseValue<int>("max", o.values.at("max"));
    if (o.values.count("count"))
        settings.scaleCount = parseValue<int>("count", o.values.at("count"));
    if (o.values.count("fit-min"))
        settings.fitMinScale = parseValue<double>("fit-min", o.values.at("fit-min"));
    if (o.values.count("fit-max"))
        settings.fitMaxScale = parseValue<double>("fit-max", o.values.at("fit-max"));
    settings.bothEnds = o.flags.count("both-ends") > 0;
    if (settings.bothEnds && settings.method != DfaMethod::Standard)
        throw Error(ErrorCode::InvalidArgument, "--both-ends applies to --method dfa only");

    return settings;
}

// `dfa --json`: the input, the settings, the exponent and the F(n) table.
std::string dfaJson(const std::string& path, const std::string& column, const SeriesTable& table,
                    const std::vector<double>& series, const DfaSettings& settings,
                    const DfaResult& r) {
    QJsonObject j;
    j["file"] = QString::fromStdString(path);
    j["column"] = QString::fromStdString(column);
    j["points"] = qint64(series.size());
    j["header"] = table.hasHeader;
    j["method"] = dfaMethodName(settings.method);
    j["order"] = settings.order;
    j["silent"] = r.silent;
    j["alpha"] = r.alpha;
    j["alpha_se"] = r.alphaStdError;
    j["beta"] = r.beta;
    j["r2"] = r.r2;
    j["intercept"] = r.intercept;
    j["linear_windows"] = qint64(r.linearWindows);
    QJsonArray scales, fluct;
    for (std::size_t i = 0; i < r.scales.size(); ++i) {
        scales.append(r.scales[i]);
        fluct.append(r.fluctuation[i]);
    }
    j["scales"] = scales;
    j["fluctuation"] = fluct;
    j["fit_min"] = r.scales[std::size_t(r.fitFirst)];
    j["fit_max"] = r.scales[std::size_t(r.fitFirst + std::max(r.fitCount, 1) - 1)];
    return QJsonDocument(j).toJson(QJsonDocument::Indented).toStdString();
}

// The human-readable report: input, method, exponent, and the F(n) table.
void printDfa(std::ostream& out, const std::string& path, const std::string& column,
              const SeriesTable& table, const std::vector<double>& series,
              const DfaSettings& settings, const DfaResult& r) {
    out << "file:    " << path << " (column " << column << ", " << series.size() << " points)\n";
    if (table.hasHeader)
        out << "header:  the first line was taken as column names (no field looked like a "
               "number)\n";
    out << "method:  " << (settings.method == DfaMethod::Unbiased ? "UDFA" : "DFA") << ", order "
        << settings.order << ", " << r.scales.size() << " window sizes " << r.scales.front()
        << " … " << r.scales.back() << " steps\n";
    if (r.silent) {
        out << "silent:  the series is constant (to rounding): no exponent\n";
    } else {
        out << "alpha:   " << number(r.alpha, 6) << " ± " << number(r.alphaStdError, 3)
            << "  (fit over " << r.fitCount << " window sizes)\n";
        out << "beta:    " << number(r.beta, 6) << "  (= 2·alpha − 1; white 0, pink 1, brown 2)\n";
        out << "R²:      " << number(r.r2, 6) << "\n";
        if (r.linearWindows)
            out << "note:    " << r.linearWindows
                << " window(s) were exactly linear and count as zero fluctuation\n";
    }
    out << "\n       n          F(n)\n";
    for (std::size_t i = 0; i < r.scales.size(); ++i) {
        char line[96];
        std::snprintf(line, sizeof line, "%8d  %.10g\n", r.scales[i], r.fluctuation[i]);
        out << line;
    }
}

} // namespace

int runDfa(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const Options o = parseOptions(
            args,
            {"method", "order", "scales", "min", "max", "count", "column", "fit-min", "fit-max"},
            {"json", "both-ends"});
        if (o.positional.size() != 1)
            throw Error(ErrorCode::InvalidArgument,
                        "dfa needs exactly one input file ('-' for standard input); see "
                        "'flicker-cli help'");
        const std::string& path = o.positional.front();
        const DfaSettings settings = dfaSettingsFrom(o);
        const SeriesTable table =
            path == "-" ? parseSeriesTable(readInputStream(std::cin, kMaxSeriesFileBytes,
                                                           "series file", "<stdin>"),
                                           "<stdin>")
                        : readSeriesTable(path);
        const std::string column = valueOr(o, "column", "1");
        const std::vector<double>& series = selectColumn(table, column);
        // Data in any unit: scale-free (SD 1e-7 is not "silent", 1e200 does not overflow).
        const DfaResult r = dfaAnyUnit(series, settings);
        if (o.flags.count("json"))
            out << dfaJson(path, column, table, series, settings, r);
        else
            printDfa(out, path, column, table, series, settings, r);
        return kExitOk;
    });
}

int runNoise(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const Options o =
            parseOptions(args, {"kind", "beta", "hurst", "length", "seed", "out"}, {});
        if (!o.positional.empty())
            throw Error(ErrorCode::InvalidArgument,
                        "noise takes no file argument (use --out FILE), got '" +
                            o.positional.front() + "'");
        NoiseSettings s;
        if (o.values.count("kind")) {
            const auto kind = noiseKindFromName(o.values.at("kind"));
            if (!kind)
                throw Error(ErrorCode::InvalidArgument,
                            "--kind must be white, pink, brown, powerlaw or fgn, not " +
                                quoteInput(o.values.at("kind")));
            s.kind = *kind;
        }
        if (o.values.count("beta")) {
            s.beta = parseValue<double>("beta", o.values.at("beta"));
            if (!o.values.count("kind")) s.kind = NoiseKind::PowerLaw;
        }
        if (o.values.count("hurst")) {
            s.hurst = parseValue<double>("hurst", o.values.at("hurst"));
            if (!o.values.count("kind")) s.kind = NoiseKind::Fgn;
        }
        if (o.values.count("length"))
            s.length = parseValue<std::size_t>("length", o.values.at("length"));
        if (o.values.count("seed")) s.seed = parseValue<std::uint64_t>("seed", o.values.at("seed"));
        const std::vector<double> x = generateNoise(s);
        std::ofstream file;
        std::ostream* target = &out;
        if (o.values.count("out")) {
            const std::string& path = o.values.at("out");
            checkOutputFile(path);
            file.open(path);
            if (!file) throw Error(ErrorCode::Io, path + ": cannot be opened for writing", path);
            target = &file;
        }
        char buf[40];
        for (double v : x) {
            std::snprintf(buf, sizeof buf, "%.17g\n", v);
            *target << buf;
        }
        target->flush();
        if (!*target)
            throw Error(ErrorCode::Io,
                        "writing the series to " + valueOr(o, "out", "standard output") +
                            " failed (is the disk full?)",
                        valueOr(o, "out", ""));
        return kExitOk;
    });
}

} // namespace flicker::cli
