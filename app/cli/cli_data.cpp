#include "cli_data.h"

#include "pipeline/slurm.h"
#include "signal/parallel.h"

#include "text/demo_corpus.h"
#include "text/readers.h"

#include <algorithm>
#include <chrono>
#include <iostream>

namespace flicker::cli {
namespace {
using Clock = std::chrono::steady_clock;

// Progress lines on stderr, at most one every kLoadingProgressEvery.
class ProgressPrinter {
public:
    explicit ProgressPrinter(std::ostream& err) : m_err(err) {}
    void operator()(const Progress& p) {
        const auto now = Clock::now();
        if (p.done < p.total && now - m_last < kLoadingProgressEvery) return;
        m_last = now;
        m_err << "  " << p.text << " " << p.done;
        if (p.total) m_err << " / " << p.total;
        m_err << "\n";
    }

private:
    std::ostream& m_err;
    Clock::time_point m_last{};
};

} // namespace

Corpus loadData(const Options& o, std::ostream& err) {
    const std::string data = valueOr(o, "data", "");
    if (data.empty())
        throw Error(ErrorCode::InvalidArgument,
                    "--data is required: 'demo' for the built-in corpus, or an aclImdb folder, "
                    ".tar.gz archive or CSV file");
    ProgressPrinter progress(err);
    const auto start = Clock::now();
    Corpus corpus;
    if (data == "demo") {
        DemoCorpusSettings demo;
        if (o.values.count("demo-reviews")) {
            demo.trainCount = demo.testCount =
                parseValue<std::size_t>("demo-reviews", o.values.at("demo-reviews"));
        }
        if (o.values.count("demo-seed"))
            demo.seed = parseValue<std::uint64_t>("demo-seed", o.values.at("demo-seed"));
        err << "generating the demo corpus (" << demo.trainCount << " + " << demo.testCount
            << " reviews, seed " << demo.seed << ")\n";
        corpus = generateDemoCorpus(demo, std::ref(progress));
    } else {
        err << "reading " << data << "\n";
        corpus = readCorpus(data, {}, std::ref(progress));
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    err << "  " << corpus.reviews.size() << " reviews (" << corpus.count(Split::Train) << " train, "
        << corpus.count(Split::Test) << " test) in " << seconds << " s\n";
    for (const std::string& w : corpus.report.warnings)
        err << "  warning: " << w << "\n";
    if (corpus.report.rowsWithSuspectQuotes)
        err << "  " << corpus.report.rowsWithSuspectQuotes
            << " row(s) may have lost a closing quote (see the warnings)\n";
    return corpus;
}

Model loadModelOption(const Options& o) {
    const std::string path = valueOr(o, "model", "");
    if (path.empty())
        throw Error(
            ErrorCode::InvalidArgument,
            "--model is required: a Flicker checkpoint, or a TorchScript file with --vocab");
    return loadModel(path, valueOr(o, "vocab", ""));
}

void configureThreads(const Options& o, std::ostream& err) {
    int threads =
        o.values.count("threads") ? parseValue<int>("threads", o.values.at("threads")) : 0;
    // A SLURM task uses the CPUs it was given, not every core of the node it shares.
    if (!o.values.count("threads") && slurm::cpusPerTask() > 0) {
        threads = std::min(slurm::cpusPerTask(), int(coreCount()));
        err << "SLURM_CPUS_PER_TASK: " << threads << " thread(s)\n";
    }
    if (threads < 0)
        throw Error(ErrorCode::InvalidArgument, "--threads must be 0 (all cores) or more");
    if (unsigned(threads) > coreCount())
        err << "--threads " << threads << ": capped at " << coreCount()
            << ", the number of cores of this machine\n";
    configureTorchThreads(threads);
}

int guarded(std::ostream& err, const std::function<int()>& body) {
    try {
        return body();
    } catch (const Error& e) {
        return fail(err, e);
    } catch (const std::exception& e) {
        err << "flicker-cli: unexpected failure: " << e.what() << "\n";
        return kExitFailure;
    }
}

} // namespace flicker::cli
