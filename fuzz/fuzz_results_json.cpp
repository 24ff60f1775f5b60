// Result files a colleague may send: study.json, sweep.json, trajectory.json, a sparsity
// point.json, a dimensionality lab's JSON, a sweep's plan.json and study.json's compact
// companion study.bin (the first byte picks which). Each reader may only refuse with an Error;
// what it accepts must write out and read back to the same text (writing is a fixed point after
// one round). The companion ends in a checksum and names the study.json it goes with by size
// and checksum: the harness sets both right, so mutations reach the header and the rows.
#include "dimensionality/dimensionality_io.h"
#include "fuzz_support.h"
#include "io/study_companion.h"
#include "io/study_io.h"
#include "pipeline/sweep_plan.h"
#include "sparsity/sparsity_io.h"

namespace {

using namespace flicker;

template <class Read, class Write> void roundTrip(const std::string& text, Read read, Write write) {
    std::string first;
    if (!fuzz::accepts([&] { first = write(read(text)); })) return;
    std::string second;
    fuzz::require(fuzz::accepts([&] { second = write(read(first)); }),
                  "what was written reads back");
    fuzz::require(second == first, "written, read and written again: the same text");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 7) {
    case 0:
        roundTrip(
            text,
            [](const std::string& t) {
                Provenance p;
                StudyResult r = studyFromJson(t, "study.json", &p);
                return std::pair{std::move(r), p};
            },
            [](const auto& rp) { return studyToJson(rp.first, rp.second); });
        break;
    case 1:
        roundTrip(
            text,
            [](const std::string& t) {
                Provenance p;
                SweepResult r = sweepFromJson(t, "sweep.json", &p);
                return std::pair{std::move(r), p};
            },
            [](const auto& rp) { return sweepToJson(rp.first, rp.second); });
        break;
    case 2:
        roundTrip(
            text,
            [](const std::string& t) {
                Provenance p;
                auto r = trajectoryFromJson(t, "trajectory.json", &p);
                return std::pair{std::move(r), p};
            },
            [](const auto& rp) { return trajectoryToJson(rp.first, rp.second); });
        break;
    case 3:
        roundTrip(
            text,
            [](const std::string& t) {
                SparsityProvenance p;
                SparsityRun r = sparsityRunFromJson(t, "point.json", &p);
                return std::pair{std::move(r), p};
            },
            [](const auto& rp) { return sparsityRunToJson(rp.first, rp.second); });
        break;
    case 4:
        roundTrip(
            text,
            [](const std::string& t) {
                DimensionalityProvenance p;
                auto r = dimensionalityFromJson(t, "dimensionality.json", &p);
                return std::pair{std::move(r), p};
            },
            [](const auto& rp) { return dimensionalityToJson(rp.first, rp.second, true); });
        break;
    case 6: {
        const std::string json = "{\"format\": \"flicker-study\"}";
        std::string bytes = text;
        if (bytes.size() >= 40) {
            bytes.resize(bytes.size() - 8);
            for (int k = 0; k < 8; ++k) {
                bytes[std::size_t(16 + k)] = char((json.size() >> (8 * k)) & 0xff);
                bytes[std::size_t(24 + k)] = char((contentChecksum(json) >> (8 * k)) & 0xff);
            }
            const std::uint64_t sum = contentChecksum(bytes);
            for (int k = 0; k < 8; ++k)
                bytes.push_back(char((sum >> (8 * k)) & 0xff));
        }
        roundTrip(
            bytes, [&](const std::string& b) { return decodeStudyCompanion(b, json, "study.bin"); },
            [&](const StudyCompanion& c) {
                return encodeStudyCompanion(json, c.head, c.reviews, c.summary);
            });
        break;
    }
    default: {
        const std::string dir = fuzz::scratchFolder().string();
        fuzz::writeInput(reinterpret_cast<const std::uint8_t*>(text.data()), text.size(),
                         "plan.json");
        std::optional<SweepPlan> plan;
        if (fuzz::accepts([&] { plan = readSweepPlan(dir); }) && plan) {
            writeSweepPlan(dir, *plan);
            const std::optional<SweepPlan> again = readSweepPlan(dir);
            fuzz::require(again && planDifferences(*again, *plan).empty(),
                          "a plan written reads back the same");
        }
    }
    }
    return 0;
}
