// The computation behind the noise page (see noise_job.h).
#include "noise_job.h"

#include "error.h"
#include "flicker/version.h"

#include <QCoreApplication>

#include <exception>

namespace flicker {

NoiseOutcome computeNoise(const NoiseRequest& request, std::stop_token stop) {
    NoiseOutcome outcome;
    outcome.request = request;
    try {
        outcome.signal = generateNoise(request.noise);
        outcome.dfa = dfa(outcome.signal, request.dfa, stop);
        outcome.spectrum = spectralExponent(outcome.signal, request.welch);
    } catch (const Error& error) {
        outcome.error = QString::fromStdString(error.what());
    } catch (const std::exception& error) {
        outcome.error = QCoreApplication::translate("flicker::NoisePage", "Unexpected error: %1")
                            .arg(QString::fromStdString(error.what()));
    }
    if (!outcome.error.isEmpty()) {
        outcome.signal.clear();
        outcome.dfa = DfaResult{};
        outcome.spectrum = SpectralExponent{};
    }
    return outcome;
}

QString describeNoise(const NoiseSettings& noise) {
    auto tr = [](const char* text) {
        return QCoreApplication::translate("flicker::NoisePage", text);
    };
    switch (noise.kind) {
    case NoiseKind::White:
        return tr("white noise (β = 0)");
    case NoiseKind::Pink:
        return tr("pink noise (1/f, β = 1)");
    case NoiseKind::Brown:
        return tr("brown noise (random walk, β = 2)");
    case NoiseKind::PowerLaw:
        return tr("power-law noise 1/f^β, β = %1")
            .arg(QString::number(noise.beta, 'f', 1).replace(QLatin1Char('-'), QChar(0x2212)));
    case NoiseKind::Fgn:
        return tr("fractional Gaussian noise, H = %1").arg(noise.hurst, 0, 'f', 2);
    }
    return {};
}

QString describeRequest(const NoiseRequest& request, const DfaResult* dfaResult) {
    const DfaSettings& d = request.dfa;
    QString windows;
    if (dfaResult && !dfaResult->scales.empty())
        windows = QStringLiteral(", windows %1–%2 steps")
                      .arg(dfaResult->scales.front())
                      .arg(dfaResult->scales.back());
    return QStringLiteral("%1 %2 · %3, N = %4, seed %5 · %6 order %7%8 · Welch PSD: Hann, "
                          "segment %9, %10 % overlap")
        .arg(kProgramName, kVersion, describeNoise(request.noise))
        .arg(request.noise.length)
        .arg(request.noise.seed)
        .arg(d.method == DfaMethod::Unbiased ? QStringLiteral("UDFA") : QStringLiteral("DFA"))
        .arg(d.order)
        .arg(windows)
        .arg(request.welch.segment)
        .arg(request.welch.overlap * 100, 0, 'g', 3);
}

} // namespace flicker
