// flicker-cli: Flicker's headless tool. `flicker-cli help` lists the commands.
#include "cli_commands.h"
#include "error.h"

#include <flicker/version.h>

#include <csignal>
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
       << "  flicker-cli train --data demo|PATH [--embedding 64] [--hidden 64] [--epochs 10]\n"
       << "                 [--seed 1] [--batch 64] [--lr 0.001] [--vocab-size 10000]\n"
       << "                 [--max-length 500] [--threads N] --out FILE [--json]\n"
       << "                 [--input-noise SD] [--hidden-noise SD] [--lstm fused|libtorch]\n"
       << "      Trains the LSTM sentiment classifier and saves a checkpoint. PATH: an aclImdb\n"
       << "      folder, its .tar.gz archive, or a CSV with review and sentiment columns.\n"
       << "      Noise (training only, kept in the checkpoint): Gaussian SD on the word vectors\n"
       << "      and on h after every step (the LSTM then runs step by step, a little slower).\n"
       << "      --lstm: Flicker's fused LSTM layer (the default) or torch::nn::LSTM; the same\n"
       << "      function and weights, only the speed differs.\n"
       << "  flicker-cli evaluate --model FILE [--vocab FILE.json] --data demo|PATH [--json]\n"
       << "  flicker-cli record --model FILE [--vocab FILE.json] (--data demo|PATH --review ID |\n"
       << "                 --text FILE) [--kind x|i|f|g|o|c|h|all] --out DIR [--format csv|npy]\n"
       << "      Writes one file per activation kind (steps × units) and tokens.csv.\n"
       << "  flicker-cli study --model FILE [--vocab FILE.json] --data demo|PATH --out DIR\n"
       << "                 [--reviews N] [--min-length 500] [--steps 500] [--method udfa|dfa]\n"
       << "                 [--order 1] [--aggregation "
          "mean-alpha|mean-fluctuation|averaged-signal]\n"
       << "                 [--no-controls] [--seed 1] [--json]\n"
       << "      Exponents of every kind over the long test reviews, beside the controls\n"
       << "      (shuffled words, untrained network, permutation and phase surrogates), and\n"
       << "      the PR of h at each step across the reviews (study_pr_steps.csv).\n"
       << "  flicker-cli sweep --data demo|PATH [--hidden 2,4,…,512] [--seeds 1] [--epochs 10]\n"
       << "                 --out DIR [--reviews N] [--no-controls] [--json]\n"
       << "                 [--noise SD,SD,… [--noise-on input|hidden|both]]\n"
       << "      Capacity sweep; each point is kept in DIR, a rerun resumes. With --noise, a\n"
       << "      noise sweep: each SD (training only, default on h) × size (--hidden, default\n"
       << "      64) × seed; reports beta(h), the PR of h and test accuracy per SD.\n"
       << "      The plan (settings, data set, points) is kept in DIR/plan.json; a folder planned\n"
       << "      otherwise is refused, --restart removes its points and starts again.\n"
       << "      --slurm [--partition P] [--time HH:MM:SS] [--cpus-per-task N] [--mem M]\n"
       << "             [--account A] [--max-parallel K] [--sbatch-args '--opt=v …'] [--dry-run]\n"
       << "      submits one SLURM array task per point not done and a job that collects them.\n"
       << "  flicker-cli sweep-status DIR [--resubmit [--dry-run]] [--json]\n"
       << "      Each point's state (done, running, queued, failed with its log, not started);\n"
       << "      --resubmit submits the missing and failed points again.\n"
       << "  flicker-cli sweep-point DIR --index K    (what an array task runs)\n"
       << "  flicker-cli sweep-collect DIR [--json]    (the finished points into sweep.json)\n"
       << "  flicker-cli reproduce --data demo|PATH --out DIR [--quick] [--restart] [--json]\n"
       << "      The paper's experiment: train with the trajectory, study with controls, sweep;\n"
       << "      prints published vs measured. Resumable; --restart removes its earlier results.\n"
       << "  flicker-cli dimensionality [--gamma 20,250] [--input-dim 200] [--noise SD]\n"
       << "                 [--dropout P] [--loss ce|mse] [--epochs N] [--seeds 1,2,3]\n"
       << "                 [--input-mapping orthogonal|first-units] [--lr R] [--units 200]\n"
       << "                 [--pr-every K] [--lyapunov-exponents 20] --out DIR [--json]\n"
       << "      The dimensionality lab (Farrell et al. 2022): a vanilla RNN per γ and seed;\n"
       << "      participation ratio per step before/after training, held-out generalisation,\n"
       << "      Lyapunov exponents, PCA. Epochs default to the paper's (40, or 80 for d ≤ 2).\n"
       << "  flicker-cli sparsity [--data fashion-mnist|DIR] [--task reconstruct|classify]\n"
       << "                 [--sigma 0,0.05,0.1,0.3,0.8,1.5] [--width 100,1000] [--epochs 5]\n"
       << "                 [--shared-bias] [--anneal E1,E2] [--seeds 1] [--noise "
          "gaussian|laplace]\n"
       << "                 [--train-images N] [--test-images N] --out DIR [--export-fields PNG]\n"
       << "                 [--json]\n"
       << "      The sparsity lab: a noisy ReLU layer per sigma × width × seed on IDX images\n"
       << "      (Fashion-MNIST from dataset-fashion-mnist, or a folder of the four IDX files);\n"
       << "      fraction of units active, dead units, biases, norms. Resumable.\n"
       << "  --model takes a Flicker checkpoint, or a TorchScript file with --vocab (see README).\n"
       << "  --data demo takes --demo-reviews N (per split) and --demo-seed S.\n"
       << "  flicker-cli --version | help\n\n"
       << "Exit codes: 0 success, 2 bad input (the message says what and where), 1 other "
          "failure.\n";
}
} // namespace

int main(int argc, char** argv) {
    // Past a file-size limit (ulimit -f) a write fails with EFBIG, which the writers report
    // naming the file and keeping the earlier one, instead of SIGXFSZ ending the process.
    std::signal(SIGXFSZ, SIG_IGN);
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
    if (command == "train") return flicker::cli::runTrain(args, std::cout, std::cerr);
    if (command == "evaluate") return flicker::cli::runEvaluate(args, std::cout, std::cerr);
    if (command == "record") return flicker::cli::runRecord(args, std::cout, std::cerr);
    if (command == "study") return flicker::cli::runStudy(args, std::cout, std::cerr);
    if (command == "sweep") return flicker::cli::runSweepCommand(args, std::cout, std::cerr);
    if (command == "sweep-point")
        return flicker::cli::runSweepPointCommand(args, std::cout, std::cerr);
    if (command == "sweep-collect")
        return flicker::cli::runSweepCollectCommand(args, std::cout, std::cerr);
    if (command == "sweep-status")
        return flicker::cli::runSweepStatusCommand(args, std::cout, std::cerr);
    if (command == "reproduce") return flicker::cli::runReproduce(args, std::cout, std::cerr);
    if (command == "dimensionality")
        return flicker::cli::runDimensionalityCommand(args, std::cout, std::cerr);
    if (command == "sparsity") return flicker::cli::runSparsity(args, std::cout, std::cerr);
    std::cerr << "flicker-cli: unknown command " << flicker::quoteInput(command) << "\n\n";
    printUsage(std::cerr);
    return flicker::cli::kExitBadInput;
}
