// The download checker and unpacking (Help › Download IMDb): any bytes as the downloaded
// archive. checkAclImdbArchive may only refuse with an Error; extractArchive must write nothing
// outside its destination (no entry outside it, no link, no leftover temporary folder), and a
// refused archive leaves no destination behind.
#include "fuzz_support.h"
#include "io/archive_extract.h"

#include <filesystem>

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flicker;
    const std::string path = fuzz::writeInput(data, size, "download.tar.gz");
    fuzz::accepts([&] { checkAclImdbArchive(path, 1); });

    const fs::path destination = fuzz::scratchFolder() / "unpacked";
    std::error_code ignored;
    fs::remove_all(destination, ignored);
    const bool unpacked = fuzz::accepts([&] { extractArchive(path, destination.string()); });
    for (const fs::directory_entry& entry : fs::directory_iterator(fuzz::scratchFolder())) {
        const std::string name = entry.path().filename().string();
        fuzz::require(name == "download.tar.gz" || (unpacked && name == "unpacked"),
                      "nothing beside the destination (a temporary folder left, or written "
                      "outside)");
    }
    if (unpacked) {
        const std::string root = fs::canonical(destination).string() + "/";
        for (const fs::directory_entry& entry : fs::recursive_directory_iterator(destination)) {
            fuzz::require(!entry.is_symlink(), "no symbolic link unpacked");
            fuzz::require(entry.is_regular_file() || entry.is_directory(),
                          "only files and folders unpacked");
            fuzz::require(fs::canonical(entry.path()).string().rfind(root, 0) == 0,
                          "every entry inside the destination");
        }
    }
    fs::remove_all(destination, ignored);
    return 0;
}
