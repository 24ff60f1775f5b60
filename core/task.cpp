#include "task.h"

#include "error.h"

namespace flicker {

void throwIfStopped(std::stop_token stop, const std::string& what) {
    if (stop.stop_requested()) throw Error(ErrorCode::Cancelled, what);
}

} // namespace flicker
