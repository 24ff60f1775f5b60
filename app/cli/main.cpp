// flicker-cli: Flicker's headless tool. `flicker-cli help` lists the commands.
#include "cli_commands.h"

#include <flicker/version.h>

#include <iostream>
#include <string>
#include <vector>

namespace {
void printUsage(std::ostream& os) {
    os << "flicker-cli " << flicker::kVersion << " — find 1/f noise in series and networks\n\n"
       << "Usage:\n"
       << "  flicker-cli dfa FILE [--method udfa|dfa] [--order 1|2|3]\n"
       << "                 [--scales a,b,c | --min 4 --max N/4 --count 16] [--both-ends]\n"
       << "                 [--fit-min S] [--fit-max S] [--column K] [--json]\n"
       << "      Detrended fluctuation analysis of the numbers in FILE ('-' = standard input):\n"
       << "      one per line, or CSV/TSV columns (pick one with --column, a 1-based number\n"
       << "      or a header name). Prints alpha, beta = 2·alpha − 1, R² and the F(n) table.\n"
       << "  flicker-cli noise --kind white|pink|brown|powerlaw|fgn [--beta B] [--hurst H]\n"
       << "                 [--length N] [--seed S] [--out FILE]\n"
       << "      Writes a synthetic series, one number per line (standard output by default).\n"
       << "  flicker-cli --version | help\n\n"
       << "Exit codes: 0 success, 2 bad input (the message says what and where), 1 other "
          "failure.\n";
}
} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        printUsage(std::cerr);
        return flicker::cli::kExitBadInput;
    }
    const std::string command = args.front();
    args.erase(args.begin());
    if (command == "--version" || command == "version") {
        std::cout << "flicker-cli " << flicker::kVersion << "\n";
        return 0;
    }
    if (command == "help" || command == "--help" || command == "-h") {
        printUsage(std::cout);
        return 0;
    }
    if (command == "dfa") return flicker::cli::runDfa(args, std::cout, std::cerr);
    if (command == "noise") return flicker::cli::runNoise(args, std::cout, std::cerr);
    std::cerr << "flicker-cli: unknown command '" << command << "'\n\n";
    printUsage(std::cerr);
    return flicker::cli::kExitBadInput;
}
