// fuzz_seeds DIR: writes each harness' seed corpus, small valid inputs made by Flicker's own
// writers, into DIR/<harness>/ (fuzz/corpus/ holds them committed; fuzz/run.sh --seeds remakes
// them). The first byte of some seeds is the harness' selector (see each harness).
#include "dimensionality/dimensionality_io.h"
#include "io/matrix_file.h"
#include "io/study_companion.h"
#include "io/study_io.h"
#include "model/model.h"
#include "pipeline/sweep_plan.h"
#include "session.h"
#include "sparsity/idx.h"
#include "sparsity/sparsity_io.h"
#include "study/study.h"
#include "text/demo_corpus.h"
#include "train/dataset.h"

#include <archive.h>
#include <archive_entry.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace flicker;

namespace {

fs::path g_out;

void seed(const std::string& harness, const std::string& name, const std::string& bytes) {
    const fs::path dir = g_out / harness;
    fs::create_directories(dir);
    std::ofstream(dir / name, std::ios::binary) << bytes;
}

std::string readAll(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

/// A tar (gzipped or not) of the given files in memory, written with libarchive.
std::string tarOf(const std::vector<std::pair<std::string, std::string>>& files, bool gzip) {
    std::vector<char> buffer(1 << 20);
    std::size_t used = 0;
    archive* a = archive_write_new();
    if (gzip) archive_write_add_filter_gzip(a);
    archive_write_set_format_pax_restricted(a);
    archive_write_set_bytes_in_last_block(a, 1);
    archive_write_open_memory(a, buffer.data(), buffer.size(), &used);
    for (const auto& [path, bytes] : files) {
        archive_entry* e = archive_entry_new();
        archive_entry_set_pathname(e, path.c_str());
        const bool folder = path.back() == '/';
        archive_entry_set_filetype(e, folder ? AE_IFDIR : AE_IFREG);
        archive_entry_set_perm(e, folder ? 0755 : 0644);
        archive_entry_set_size(e, la_int64_t(bytes.size()));
        archive_write_header(a, e);
        if (!bytes.empty()) archive_write_data(a, bytes.data(), bytes.size());
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
    return {buffer.data(), used};
}

/// The raw gzip of `bytes` (an IDX file as Fashion-MNIST ships it).
std::string gzipOf(const std::string& bytes) {
    std::vector<char> buffer(bytes.size() + 4096);
    std::size_t used = 0;
    archive* a = archive_write_new();
    archive_write_add_filter_gzip(a);
    archive_write_set_format_raw(a);
    archive_write_set_bytes_in_last_block(a, 1);
    archive_write_open_memory(a, buffer.data(), buffer.size(), &used);
    archive_entry* e = archive_entry_new();
    archive_entry_set_filetype(e, AE_IFREG);
    archive_write_header(a, e);
    archive_write_data(a, bytes.data(), bytes.size());
    archive_entry_free(e);
    archive_write_close(a);
    archive_write_free(a);
    return {buffer.data(), used};
}

void textSeeds() {
    seed("fuzz_series_table", "one-column", "0.5\n-1.25\n3e2\n4\n");
    seed("fuzz_series_table", "header-csv", "step,x,h\n1,0.1,2\n2,-0.2,3.5\n3,0.3,1e-3\n");
    seed("fuzz_series_table", "semicolons-comment", "# made by hand\n1;2\n3;4\n\n5;6\n");
    seed("fuzz_series_table", "tabs-crlf", "a\tb\r\n1\t2\r\n3\t4\r\n");
    seed("fuzz_series_table", "cr-only", "1\r2\r3\r");
    seed("fuzz_tokenizer", "review",
         std::string(1, '\x03') +
             "I loved it.<br /><br />Don't miss it — it's \xe2\x80\x9cgreat\xe2\x80\x9d, 10/10! "
             "\xc3\x89mile \xce\xa9 \xd0\x94");
    seed("fuzz_tokenizer", "bad-utf8", std::string(1, '\x0c') + "caf\xe9 \xff\xfe ok \xe2\x80");
    seed("fuzz_csv", "reviews",
         "review,sentiment\n\"A fine film, really.\",positive\nDull.,negative\n"
         "\"Two\nlines, \"\"quoted\"\"\",positive\nMeh,negative\n");
    seed("fuzz_csv", "crlf-labels", "text,label\r\ngood one,1\r\nbad one,0\r\n");
    seed("fuzz_torchscript_vocabulary", "vocab",
         readAll(fs::path(FLICKER_SOURCE_DIR) / "tests/data/tiny_vocab.json"));
}

void archiveSeeds() {
    const std::vector<std::pair<std::string, std::string>> files{
        {"aclImdb/", ""},
        {"aclImdb/README", "Large Movie Review Dataset v1.0\n"},
        {"aclImdb/train/pos/1_9.txt", "A wonderful film.<br />Loved it."},
        {"aclImdb/train/neg/2_1.txt", "Terrible. Just terrible."},
        {"aclImdb/train/unsup/3_0.txt", "Saw it on a Tuesday."},
        {"aclImdb/test/pos/4_8.txt", "Great acting, great story."},
        {"aclImdb/test/neg/5_2.txt", "I want my two hours back."}};
    seed("fuzz_aclimdb_archive", "aclImdb.tar.gz", tarOf(files, true));
    seed("fuzz_aclimdb_archive", "aclImdb.tar", tarOf(files, false));
    seed("fuzz_archive_extract", "aclImdb.tar.gz", tarOf(files, true));
    seed("fuzz_archive_extract", "aclImdb.tar", tarOf(files, false));
}

void imageSeeds() {
    IdxImages images;
    images.count = 2;
    images.rows = images.cols = 3;
    images.pixels = {0, 10, 20, 30, 40, 50, 60, 70, 80, 255, 0, 255, 0, 255, 0, 255, 0, 255};
    const std::vector<std::uint8_t> labels{3, 7};
    seed("fuzz_idx", "images", "\x01" + idxImagesBytes(images));
    seed("fuzz_idx", "labels", std::string(1, '\0') + idxLabelsBytes(labels));
    seed("fuzz_idx", "images-gz", "\x01" + gzipOf(idxImagesBytes(images)));
    seed("fuzz_idx", "labels-gz", std::string(1, '\0') + gzipOf(idxLabelsBytes(labels)));
    const fs::path npy = g_out / "matrix.npy";
    const std::vector<float> values{1, 2, 3, 4.5f, -6, 0};
    writeMatrixNpy(npy.string(), values, 3, 2);
    seed("fuzz_npy", "3x2", readAll(npy));
    fs::remove(npy);
}

void modelSeeds(const Corpus& corpus, const Model& model) {
    seed("fuzz_vocabulary", "vocab", model.vocabulary.toJson());
    seed("fuzz_vocabulary", "imported-order", R"({"the": 0, "<unk>": 1, "<pad>": 2, "film": 3})");
    const fs::path path = g_out / "model.flicker";
    saveCheckpoint(model, path.string());
    const std::string bytes = readAll(path);
    seed("fuzz_checkpoint", "whole", std::string(1, '\0') + bytes);
    seed("fuzz_checkpoint", "checksum-by-harness", "\x01" + bytes.substr(0, bytes.size() - 8));

    StudySettings settings;
    settings.minLength = settings.steps = 64;
    settings.maxReviews = 4;
    settings.kinds = {ActivationKind::X, ActivationKind::H}; // small seeds: two kinds, one control
    settings.controls = {Condition::Shuffled};
    settings.batchReviews = 4;
    const StudyResult study = runStudy(model, corpus, settings).value;
    const Provenance provenance = makeProvenance(model, path.string(), corpus);
    fs::remove(path);
    seed("fuzz_results_json", "study", std::string(1, '\0') + studyToJson(study, provenance));
    seed("fuzz_results_json", "study-companion",
         "\x06" + encodeStudyCompanion("{\"format\": \"flicker-study\"}", "{}", study.reviews,
                                       study.summary));
    SweepResult sweep;
    for (const int hidden : {4, 8}) {
        SweepPoint point;
        point.hidden = hidden;
        point.testAccuracy = 0.5 + hidden / 100.0;
        point.folder = "h" + std::to_string(hidden) + "-seed1";
        point.study = study;
        point.study.reviews.clear();
        sweep.points.push_back(point);
    }
    seed("fuzz_results_json", "sweep", "\x01" + sweepToJson(sweep, provenance));
    std::vector<TrajectoryPoint> trajectory(2);
    trajectory[1].epoch = 1;
    trajectory[1].trainLoss = 0.69;
    trajectory[1].testAccuracy = 0.55;
    for (TrajectoryPoint& p : trajectory) {
        p.summary = study.summary;
        p.probeReviews = 4;
    }
    seed("fuzz_results_json", "trajectory", "\x02" + trajectoryToJson(trajectory, provenance));
}

void labSeeds() {
    SparsityRun run;
    run.settings.sigma = 0.3;
    run.settings.width = 16;
    run.epochs.resize(2);
    run.epochs[1].epoch = 1;
    run.completed = true;
    SparsityProvenance sp;
    sp.program = "Flicker seed";
    seed("fuzz_results_json", "sparsity-point", "\x03" + sparsityRunToJson(run, sp));
    DimensionalityLabResult lab;
    seed("fuzz_results_json", "dimensionality",
         "\x04" + dimensionalityToJson(lab, makeDimensionalityProvenance(), true));
    SweepPlan plan;
    plan.programVersion = "0.1.0";
    plan.arguments = {"--hidden", "4,8", "--epochs", "1"};
    plan.datasetName = "demo corpus (seed 1)";
    plan.datasetSource = "demo";
    plan.datasetSha256 = std::string(64, 'a');
    const fs::path dir = g_out / "plan-scratch";
    fs::create_directories(dir);
    writeSweepPlan(dir.string(), plan);
    seed("fuzz_results_json", "plan", "\x05" + readAll(dir / "plan.json"));
    fs::remove_all(dir);
    seed("fuzz_session", "default", sessionToJson(SessionState{}).toStdString());
    SessionState demo;
    demo.demo = false;
    demo.dataPath = "/data/aclImdb_v1.tar.gz";
    demo.modelPath = "/data/model.flicker";
    demo.page = 2;
    demo.dark = true;
    seed("fuzz_session", "paths", sessionToJson(demo).toStdString());
    const std::vector<std::uint8_t> extent{3, 0, 0, 0, 0, 0, 0, 0, 64, 0, 0, 0, 0, 0, 0, 0,
                                           0, 0, 0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0};
    seed("fuzz_tensor_extent", "small", std::string(extent.begin(), extent.end()));
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: fuzz_seeds DIR (writes DIR/<harness>/<seed>)\n";
        return 2;
    }
    g_out = argv[1];
    try {
        textSeeds();
        archiveSeeds();
        imageSeeds();
        DemoCorpusSettings demo;
        demo.trainCount = demo.testCount = 40;
        const Corpus corpus = generateDemoCorpus(demo);
        ModelSettings ms;
        ms.embedding = 4;
        ms.hidden = 4;
        TrainingSettings training;
        training.epochs = 1;
        training.maxLength = 64;
        const Model model = trainOnCorpus(corpus, ms, training, 60).value;
        modelSeeds(corpus, model);
        labSeeds();
    } catch (const std::exception& e) {
        std::cerr << "fuzz_seeds: " << e.what() << "\n";
        return 1;
    }
    std::cout << "seeds written to " << g_out << "\n";
    return 0;
}
