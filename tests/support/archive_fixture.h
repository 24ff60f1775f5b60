// Archives for the tests, written with libarchive's write API: entries in the order given
// (files, folders and links), and review texts that do not compress to nothing.
#pragma once

#include <QString>
#include <QtTest>

#include <archive.h>
#include <archive_entry.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace flicker::testing {

/// One entry of a fixture archive.
struct ArchiveEntry {
    enum Type { File, Folder, Symlink, Hardlink };
    ArchiveEntry(std::string path_, std::string bytes_ = {}, Type type_ = File,
                 std::string link_ = {})
        : path(std::move(path_)), bytes(std::move(bytes_)), type(type_), link(std::move(link_)) {}
    std::string path;
    std::string bytes;
    Type type = File;
    std::string link; // target of a link
};

/// A review's text of `words` words that does not compress to nothing, so that the middle of an
/// archive is deflate data of some length.
inline std::string reviewText(int seed, int words) {
    std::string text;
    std::uint32_t s = std::uint32_t(seed) * 2654435761U + 1U;
    for (int k = 0; k < words; ++k) {
        s = s * 1664525U + 1013904223U;
        text += "word" + std::to_string(s >> 20) + (k % 17 == 16 ? ".\n" : " ");
    }
    return text;
}

/// Packs the entries in the order given into `path`: .tar.gz, or .tar without gzip. `ustar`
/// writes plain ustar headers, whose names are bytes as given (pax refuses names that are not
/// UTF-8, which a hostile archive may still hold).
inline void writeArchive(const QString& path, const std::vector<ArchiveEntry>& entries,
                         bool gzip = true, bool ustar = false) {
    archive* a = archive_write_new();
    if (gzip) archive_write_add_filter_gzip(a);
    if (ustar)
        archive_write_set_format_ustar(a);
    else
        archive_write_set_format_pax_restricted(a);
    QCOMPARE(archive_write_open_filename(a, path.toLocal8Bit().constData()), ARCHIVE_OK);
    for (const ArchiveEntry& entry : entries) {
        archive_entry* e = archive_entry_new();
        archive_entry_set_pathname(e, entry.path.c_str());
        switch (entry.type) {
        case ArchiveEntry::File:
            archive_entry_set_filetype(e, AE_IFREG);
            break;
        case ArchiveEntry::Folder:
            archive_entry_set_filetype(e, AE_IFDIR);
            break;
        case ArchiveEntry::Symlink:
            archive_entry_set_filetype(e, AE_IFLNK);
            archive_entry_set_symlink(e, entry.link.c_str());
            break;
        case ArchiveEntry::Hardlink:
            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_hardlink(e, entry.link.c_str());
            break;
        }
        archive_entry_set_perm(e, entry.type == ArchiveEntry::Folder ? 0755 : 0644);
        archive_entry_set_size(e, entry.type == ArchiveEntry::File ? la_int64_t(entry.bytes.size())
                                                                   : 0);
        QCOMPARE(archive_write_header(a, e), ARCHIVE_OK);
        if (entry.type == ArchiveEntry::File && !entry.bytes.empty())
            QCOMPARE(archive_write_data(a, entry.bytes.data(), entry.bytes.size()),
                     la_ssize_t(entry.bytes.size()));
        archive_entry_free(e);
    }
    QCOMPARE(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
}

} // namespace flicker::testing
