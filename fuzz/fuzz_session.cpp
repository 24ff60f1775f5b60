// Session files (File › Open session): sessionFromJson on any bytes. An accepted session writes
// out and reads back to the same JSON.
#include "fuzz_support.h"
#include "session.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flicker;
    const QByteArray text(reinterpret_cast<const char*>(data), qsizetype(size));
    SessionState state;
    if (!fuzz::accepts([&] { state = sessionFromJson(text, "fuzz.flicker-session"); })) return 0;
    const QByteArray first = sessionToJson(state);
    SessionState again;
    fuzz::require(fuzz::accepts([&] { again = sessionFromJson(first, "again"); }),
                  "a written session reads back");
    fuzz::require(sessionToJson(again) == first, "written, read and written again: the same");
    return 0;
}
