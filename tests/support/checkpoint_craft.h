// Takes a Flicker checkpoint apart and puts it back together with a recomputed checksum, so
// that tests can hand the loader headers an attacker wrote: only the loader's own checks then
// stand between the file and memory. Layout: signature line (19 bytes), uint32 version,
// uint64 header size, JSON header, float arrays, uint64 FNV-1a of everything before it.
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

namespace flicker::testing {

struct CheckpointParts {
    QByteArray lead; ///< signature and version
    QJsonObject header;
    QByteArray payload; ///< the float arrays
};

inline CheckpointParts splitCheckpoint(const QByteArray& bytes) {
    constexpr qsizetype kLead = 19 + 4, kJsonAt = kLead + 8;
    std::uint64_t jsonSize = 0;
    std::memcpy(&jsonSize, bytes.constData() + kLead, sizeof jsonSize);
    const qsizetype payloadAt = kJsonAt + qsizetype(jsonSize);
    return {bytes.left(kLead),
            QJsonDocument::fromJson(bytes.mid(kJsonAt, qsizetype(jsonSize))).object(),
            bytes.mid(payloadAt, bytes.size() - payloadAt - 8)};
}

/// The checksum covers the first `checksummed` bytes of the payload (all by default), as a
/// loader that trusted the header's counts would compute it; the rest follows the checksum.
inline QByteArray assembleCheckpoint(const CheckpointParts& parts,
                                     std::optional<qsizetype> checksummed = {}) {
    const QByteArray json = QJsonDocument(parts.header).toJson(QJsonDocument::Compact);
    QByteArray out = parts.lead;
    const std::uint64_t size = std::uint64_t(json.size());
    out.append(reinterpret_cast<const char*>(&size), sizeof size);
    out.append(json);
    const qsizetype covered = checksummed.value_or(parts.payload.size());
    out.append(parts.payload.left(covered));
    std::uint64_t h = 0xcbf29ce484222325ULL; // FNV-1a, 64 bit
    for (const char c : out) {
        h ^= std::uint8_t(c);
        h *= 0x100000001b3ULL;
    }
    out.append(reinterpret_cast<const char*>(&h), sizeof h);
    out.append(parts.payload.mid(covered));
    return out;
}

/// Sets the value counts of the header's weight arrays (missing entries become 0).
inline void setArrayCounts(QJsonObject& header, const std::vector<qint64>& counts) {
    QJsonArray arrays = header["arrays"].toArray();
    for (int k = 0; k < arrays.size(); ++k) {
        QJsonObject a = arrays[k].toObject();
        a["count"] = k < int(counts.size()) ? counts[std::size_t(k)] : 0;
        arrays[k] = a;
    }
    header["arrays"] = arrays;
}

} // namespace flicker::testing
