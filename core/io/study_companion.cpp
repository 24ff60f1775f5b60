// The study.bin layout (every integer little-endian, doubles as their IEEE-754 bits):
//   "FLKSTUDY", u32 version, u32 0, u64 size and u64 checksum of the study.json text,
//   u64 length + head JSON, u32 row-key count + keys (u32 length + bytes each),
//   u64 review count + reviews (u32 length + id, u64 corpus index, i32 label, f32 probability,
//   u32 row count + rows: u32 key index, 6 f64 alpha beta r2 beta_psd unit_beta_mean
//   unit_beta_sd, i32 units, i32 silent units),
//   u32 summary row count + rows (u32 length + key, beta and beta_psd each as u64 count and
//   5 f64 mean sd median ci_low ci_high, f64 r2 mean, u64 silent units, u64 unit series,
//   f64 unit beta mean, f64 unit beta sd),
//   u64 checksum of every byte before it.
#include "io/study_companion.h"

#include "error.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <map>

namespace flicker {
namespace {

constexpr char kMagic[8] = {'F', 'L', 'K', 'S', 'T', 'U', 'D', 'Y'};
constexpr std::size_t kRowBytes = 4 + 6 * 8 + 2 * 4;
constexpr std::size_t kMinReviewBytes = 4 + 8 + 4 + 4 + 4;
constexpr std::size_t kSummaryBytes = 4 + 2 * (8 + 5 * 8) + 8 + 8 + 8 + 8 + 8;

class Writer {
public:
    void bytes(std::string_view b) { m_out.append(b); }
    void u32(std::uint32_t v) {
        for (int k = 0; k < 4; ++k)
            m_out.push_back(char((v >> (8 * k)) & 0xff));
    }
    void u64(std::uint64_t v) {
        for (int k = 0; k < 8; ++k)
            m_out.push_back(char((v >> (8 * k)) & 0xff));
    }
    void f64(double v) { u64(std::bit_cast<std::uint64_t>(v)); }
    void text32(std::string_view s) {
        u32(std::uint32_t(s.size()));
        bytes(s);
    }
    std::string& out() { return m_out; }

private:
    std::string m_out;
};

// Reads what Writer wrote; every read past the end is an Error(ParseError) naming the file.
class Reader {
public:
    Reader(std::string_view bytes, const std::string& name) : m_in(bytes), m_name(name) {}
    std::string_view take(std::size_t n) {
        if (n > m_in.size() - m_at) fail("cut short");
        const std::string_view out = m_in.substr(m_at, n);
        m_at += n;
        return out;
    }
    // An unsigned integer of sizeof(U) bytes, little-endian.
    template <class U> U unsignedLe() {
        const std::string_view b = take(sizeof(U));
        U v = 0;
        for (std::size_t k = sizeof(U); k-- > 0;)
            v = U(v << 8) | U(std::uint8_t(b[k]));
        return v;
    }
    std::uint64_t u64() { return unsignedLe<std::uint64_t>(); }
    std::uint32_t u32() { return unsignedLe<std::uint32_t>(); }
    double f64() { return std::bit_cast<double>(u64()); }
    std::string_view text32() { return take(u32()); }
    // A count of items of at least `itemBytes` each, refused when they cannot fit in what is
    // left (so a damaged count never asks for gigabytes).
    std::size_t count(std::uint64_t n, std::size_t itemBytes) {
        if (itemBytes && n > (m_in.size() - m_at) / itemBytes) fail("a count larger than the file");
        return std::size_t(n);
    }
    std::size_t left() const { return m_in.size() - m_at; }
    [[noreturn]] void fail(const std::string& what) const {
        throw Error(ErrorCode::ParseError,
                    m_name + ": not a usable study companion (" + what + " at byte " +
                        std::to_string(m_at) + ")",
                    m_name);
    }

private:
    std::string_view m_in;
    std::string m_name;
    std::size_t m_at = 0;
};

} // namespace

std::uint64_t contentChecksum(std::string_view bytes) {
    // One multiply-xorshift round per 8-byte word (about 4 GB/s), splitmix64's finaliser last.
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ std::uint64_t(bytes.size());
    std::size_t k = 0;
    for (; k + 8 <= bytes.size(); k += 8) {
        std::uint64_t w;
        std::memcpy(&w, bytes.data() + k, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 31;
    }
    std::uint64_t tail = 0;
    for (std::size_t j = 0; k + j < bytes.size(); ++j)
        tail |= std::uint64_t(std::uint8_t(bytes[k + j])) << (8 * j);
    h = (h ^ tail) * 0xbf58476d1ce4e5b9ULL;
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}

std::string encodeStudyCompanion(std::string_view json, std::string_view head,
                                 const std::vector<ReviewResult>& reviews,
                                 const std::map<std::string, SummaryRow>& summary) {
    Writer w;
    w.bytes(std::string_view(kMagic, sizeof kMagic));
    w.u32(kStudyCompanionVersion);
    w.u32(0);
    w.u64(json.size());
    w.u64(contentChecksum(json));
    w.u64(head.size());
    w.bytes(head);
    std::map<std::string, std::uint32_t> keyIndex;
    std::vector<const std::string*> keys;
    for (const ReviewResult& r : reviews)
        for (const auto& entry : r.rows)
            if (keyIndex.emplace(entry.first, std::uint32_t(keys.size())).second)
                keys.push_back(&entry.first);
    w.u32(std::uint32_t(keys.size()));
    for (const std::string* key : keys)
        w.text32(*key);
    w.u64(reviews.size());
    for (const ReviewResult& r : reviews) {
        w.text32(r.id);
        w.u64(r.corpusIndex);
        w.u32(std::uint32_t(r.label));
        w.u32(std::bit_cast<std::uint32_t>(r.probability));
        w.u32(std::uint32_t(r.rows.size()));
        for (const auto& [key, m] : r.rows) {
            w.u32(keyIndex.at(key));
            for (double v : {m.alpha, m.beta, m.r2, m.betaPsd, m.unitBetaMean, m.unitBetaSd})
                w.f64(v);
            w.u32(std::uint32_t(m.units));
            w.u32(std::uint32_t(m.silentUnits));
        }
    }
    w.u32(std::uint32_t(summary.size()));
    for (const auto& [key, row] : summary) {
        w.text32(key);
        for (const Summary& s : {row.beta, row.betaPsd}) {
            w.u64(s.count);
            for (double v : {s.mean, s.sd, s.median, s.ciLow, s.ciHigh})
                w.f64(v);
        }
        w.f64(row.meanR2);
        w.u64(row.silentUnits);
        w.u64(row.unitSeries);
        w.f64(row.unitBetaMean);
        w.f64(row.unitBetaSd);
    }
    w.u64(contentChecksum(w.out()));
    return std::move(w.out());
}

bool summaryMatchesReviews(const StudyResult& result) {
    std::map<std::string, std::size_t> counts;
    for (const ReviewResult& r : result.reviews)
        for (const auto& [key, m] : r.rows)
            counts[key] += !std::isnan(m.beta);
    if (counts.size() != result.summary.size()) return false;
    for (const auto& [key, count] : counts) {
        const auto it = result.summary.find(key);
        if (it == result.summary.end() || it->second.beta.count != count) return false;
    }
    return true;
}

StudyCompanion decodeStudyCompanion(std::string_view bytes, std::string_view json,
                                    const std::string& name) {
    Reader whole(bytes, name);
    if (bytes.size() < sizeof kMagic + 8 || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
        whole.fail("no study companion header");
    const std::string_view body = bytes.substr(0, bytes.size() - 8);
    Reader trailer(bytes.substr(body.size()), name);
    if (trailer.u64() != contentChecksum(body))
        whole.fail("checksum differs: damaged or cut short");

    Reader in(body, name);
    in.take(sizeof kMagic);
    if (const std::uint32_t version = in.u32(); version != kStudyCompanionVersion)
        in.fail("format version " + std::to_string(version) + ", this program reads " +
                std::to_string(kStudyCompanionVersion));
    in.u32();
    if (in.u64() != json.size() || in.u64() != contentChecksum(json))
        in.fail("written with another study.json");
    StudyCompanion out;
    out.head = std::string(in.take(in.count(in.u64(), 1)));
    std::vector<std::string> keys(in.count(in.u32(), 4));
    for (std::string& key : keys)
        key = std::string(in.text32());
    out.reviews.resize(in.count(in.u64(), kMinReviewBytes));
    for (ReviewResult& r : out.reviews) {
        r.id = std::string(in.text32());
        r.corpusIndex = std::size_t(in.u64());
        r.label = int(std::int32_t(in.u32()));
        r.probability = std::bit_cast<float>(in.u32());
        const std::size_t rows = in.count(in.u32(), kRowBytes);
        for (std::size_t k = 0; k < rows; ++k) {
            const std::uint32_t key = in.u32();
            if (key >= keys.size()) in.fail("a row key out of range");
            Measure& m = r.rows[keys[key]];
            m.alpha = in.f64();
            m.beta = in.f64();
            m.r2 = in.f64();
            m.betaPsd = in.f64();
            m.unitBetaMean = in.f64();
            m.unitBetaSd = in.f64();
            m.units = int(std::int32_t(in.u32()));
            m.silentUnits = int(std::int32_t(in.u32()));
        }
    }
    const std::size_t rows = in.count(in.u32(), kSummaryBytes);
    for (std::size_t k = 0; k < rows; ++k) {
        SummaryRow& row = out.summary[std::string(in.text32())];
        for (Summary* s : {&row.beta, &row.betaPsd}) {
            s->count = std::size_t(in.u64());
            s->mean = in.f64();
            s->sd = in.f64();
            s->median = in.f64();
            s->ciLow = in.f64();
            s->ciHigh = in.f64();
        }
        row.meanR2 = in.f64();
        row.silentUnits = std::size_t(in.u64());
        row.unitSeries = std::size_t(in.u64());
        row.unitBetaMean = in.f64();
        row.unitBetaSd = in.f64();
    }
    if (in.left() != 0) in.fail("bytes after the summary");
    return out;
}

} // namespace flicker
