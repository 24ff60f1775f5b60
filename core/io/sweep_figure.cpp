#include "io/sweep_figure.h"

#include "error.h"
#include "save_file.h"

#include <QString>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <tuple>

namespace flicker {
namespace {

constexpr double kWidth = 720, kHeight = 460;
constexpr double kLeft = 70, kRight = 70, kTop = 40, kBottom = 90; // margins around the axes

std::string fmt(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", v);
    return text;
}

std::string escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string text(double x, double y, const std::string& s, const char* anchor = "middle",
                 const char* extra = "") {
    return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\"" +
           extra + ">" + escape(s) + "</text>\n";
}

std::string line(double x1, double y1, double x2, double y2, const char* style) {
    return "<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" +
           fmt(y2) + "\" style=\"" + style + "\"/>\n";
}

// "x,y" added to an SVG points list.
void appendPoint(std::string& list, double x, double y) {
    if (!list.empty()) list += ' ';
    list += fmt(x);
    list += ',';
    list += fmt(y);
}

} // namespace

std::string sweepFigureSvg(const std::vector<SizeSummary>& sizes, const std::string& caption) {
    const double plotW = kWidth - kLeft - kRight, plotH = kHeight - kTop - kBottom;
    std::vector<const SizeSummary*> shown;
    for (const SizeSummary& s : sizes)
        if (s.hidden > 0 && std::isfinite(s.betaMean)) shown.push_back(&s);
    // x: log of the cells, a margin of a factor 1.6 on both sides; y: β from below the lowest
    // bar (at most 0) to above the highest (at least 1.1).
    double lowX = 2, highX = 512, lowY = -0.2, highY = 1.2;
    if (!shown.empty()) {
        lowX = shown.front()->hidden / 1.6;
        highX = shown.back()->hidden * 1.6;
        lowY = 0, highY = 1.1;
        for (const SizeSummary* s : shown) {
            const double bar = std::max(s->betaSd, std::isfinite(s->seedSd) ? s->seedSd : 0.0);
            lowY = std::min(lowY, s->betaMean - bar);
            highY = std::max(highY, s->betaMean + bar);
        }
        lowY -= 0.1, highY += 0.05;
    }
    const auto px = [&](double cells) {
        return kLeft +
               plotW * (std::log(cells) - std::log(lowX)) / (std::log(highX) - std::log(lowX));
    };
    const auto py = [&](double beta) { return kTop + plotH * (highY - beta) / (highY - lowY); };
    const auto pyRight = [&](double acc) { return kTop + plotH * (1.05 - acc) / 1.05; };

    std::string svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                      fmt(kWidth) + "\" height=\"" + fmt(kHeight) + "\" viewBox=\"0 0 " +
                      fmt(kWidth) + " " + fmt(kHeight) +
                      "\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"12\">\n"
                      "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
    svg += text(kWidth / 2, 22, "β of h against network size", "middle", " font-size=\"15\"");
    svg += "<rect x=\"" + fmt(kLeft) + "\" y=\"" + fmt(kTop) + "\" width=\"" + fmt(plotW) +
           "\" height=\"" + fmt(plotH) + "\" fill=\"none\" stroke=\"#262b33\"/>\n";
    // The white and pink levels, dashed.
    for (auto [level, colour, name] :
         {std::tuple{0.0, "#8a8f98", "white, β = 0"}, std::tuple{1.0, "#d63384", "pink, β = 1"}}) {
        if (level < lowY || level > highY) continue;
        svg += line(kLeft, py(level), kLeft + plotW, py(level),
                    (std::string("stroke:") + colour + ";stroke-dasharray:5,4").c_str());
        svg += text(kLeft + plotW - 4, py(level) - 4, name, "end",
                    (std::string(" fill=\"") + colour + "\"").c_str());
    }
    // y ticks every 0.2, x ticks at the trained sizes.
    for (double t = std::ceil(lowY * 5) / 5; t <= highY + 1e-9; t += 0.2) {
        svg += line(kLeft - 4, py(t), kLeft, py(t), "stroke:#262b33");
        std::string label = fmt(std::abs(t) < 1e-9 ? 0.0 : t);
        if (label.front() == '-') label = "\u2212" + label.substr(1); // a typographic minus
        svg += text(kLeft - 7, py(t) + 4, label, "end");
    }
    for (const SizeSummary* s : shown) {
        svg += line(px(s->hidden), kTop + plotH, px(s->hidden), kTop + plotH + 4, "stroke:#262b33");
        svg += text(px(s->hidden), kTop + plotH + 17, std::to_string(s->hidden));
    }
    for (double t : {0.0, 0.5, 1.0}) {
        svg += line(kLeft + plotW, pyRight(t), kLeft + plotW + 4, pyRight(t), "stroke:#2ca02c");
        svg += text(kLeft + plotW + 7, pyRight(t) + 4, fmt(t), "start", " fill=\"#2ca02c\"");
    }
    svg += text(kLeft + plotW / 2, kTop + plotH + 36, "LSTM cells (log scale)");
    svg += "<text transform=\"translate(18," + fmt(kTop + plotH / 2) +
           ") rotate(-90)\" text-anchor=\"middle\">β of h (spectral exponent)</text>\n";
    svg += "<text transform=\"translate(" + fmt(kWidth - 14) + "," + fmt(kTop + plotH / 2) +
           ") rotate(90)\" text-anchor=\"middle\" fill=\"#2ca02c\">test accuracy</text>\n";
    // Accuracy (right axis), dashed, then β with its bars.
    std::string accuracy;
    for (const SizeSummary* s : shown)
        if (std::isfinite(s->accuracy)) appendPoint(accuracy, px(s->hidden), pyRight(s->accuracy));
    if (!accuracy.empty())
        svg += "<polyline points=\"" + accuracy +
               "\" fill=\"none\" style=\"stroke:#2ca02c;stroke-dasharray:6,3\"/>\n";
    std::string beta;
    for (const SizeSummary* s : shown) {
        const double x = px(s->hidden), y = py(s->betaMean);
        appendPoint(beta, x, y);
        svg += line(x, py(s->betaMean - s->betaSd), x, py(s->betaMean + s->betaSd),
                    "stroke:#d63384;stroke-width:1.3");
        if (s->seeds >= 2 && std::isfinite(s->seedSd))
            svg += line(x - 6, py(s->betaMean - s->seedSd), x - 6, py(s->betaMean + s->seedSd),
                        "stroke:#262b33;stroke-width:2.5");
    }
    if (!beta.empty())
        svg += "<polyline points=\"" + beta +
               "\" fill=\"none\" style=\"stroke:#d63384;stroke-width:2\"/>\n";
    for (const SizeSummary* s : shown)
        svg += "<circle cx=\"" + fmt(px(s->hidden)) + "\" cy=\"" + fmt(py(s->betaMean)) +
               "\" r=\"4\" fill=\"#d63384\"><title>" + std::to_string(s->hidden) + " cells: β(h) " +
               fmt(s->betaMean) + "</title></circle>\n";
    // Legend under the axes (it never covers data), then the caption.
    const double ly = kTop + plotH + 56;
    svg += line(kLeft, ly - 4, kLeft + 24, ly - 4, "stroke:#d63384;stroke-width:2");
    svg += text(kLeft + 30, ly, "β(h), mean ± SD over reviews and seeds", "start");
    svg += line(kLeft + 330, ly - 10, kLeft + 330, ly + 2, "stroke:#262b33;stroke-width:2.5");
    svg += text(kLeft + 338, ly, "± SD over seeds", "start");
    svg += line(kLeft + 460, ly - 4, kLeft + 484, ly - 4, "stroke:#2ca02c;stroke-dasharray:6,3");
    svg += text(kLeft + 490, ly, "test accuracy", "start");
    svg += text(8, kHeight - 10, caption.size() > 140 ? caption.substr(0, 140) + "…" : caption,
                "start", " font-size=\"9\" fill=\"#555\"");
    svg += "</svg>\n";
    return svg;
}

void writeSweepFigure(const std::string& dir, const SweepResult& sweep,
                      const std::string& caption) {
    const std::string svg = sweepFigureSvg(summarizeBySize(sweep.points), caption);
    const std::string path = (std::filesystem::path(dir) / "sweep.svg").string();
    saveFileWhole(path, svg);
}

} // namespace flicker
