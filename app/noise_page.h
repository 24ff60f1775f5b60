// The first screen, "What is 1/f noise?": generate white, pink, brown, power-law or fractional
// Gaussian noise and show the signal, its DFA fluctuation function and its power spectrum.
#pragma once

#include "figure_page.h"
#include "job_runner.h"
#include "noise_job.h"

#include <optional>
#include <stop_token>

class QComboBox;
class QFormLayout;
class QLabel;
class QPushButton;
class QScrollArea;
class QSlider;
class QSpinBox;

namespace flicker {

class FluctuationPlot;
class SpectrumPlot;
class TracePlot;

class NoisePage : public FigurePage {
    Q_OBJECT

public:
    /// What the user set on the page: the noise and how DFA measures it (sessions save and
    /// restore it).
    struct State {
        NoiseKind kind = NoiseKind::Pink;
        double beta = 1.0;  ///< of "any β" noise, −1 … 3 in tenths
        double hurst = 0.7; ///< of fractional Gaussian noise, 0.05 … 0.95 in hundredths
        int length = 500;   ///< steps
        int seed = 1;
        DfaMethod method = DfaSettings{}.method;
        int order = DfaSettings{}.order;
    };

    explicit NoisePage(QWidget* parent = nullptr);
    /// Waits for a running computation (a few milliseconds) so that no worker outlives the page.
    ~NoisePage() override;

    QString pageTitle() const override;
    QList<PlotView*> figures() const override;
    void setPresentationMode(bool on) override;

    State state() const;
    /// Sets every control, then computes once.
    void setState(const State& state);
    /// Generates and shows noise of another kind.
    void showKind(NoiseKind kind);

    /// The request the controls describe now (may still be computing).
    NoiseRequest requestFromControls() const;
    /// What the plots show: the request, signal and results of the newest finished computation.
    const NoiseRequest& displayedRequest() const { return m_shown.request; }
    const std::vector<double>& currentSignal() const { return m_shown.signal; }
    const DfaResult& currentDfa() const { return m_shown.dfa; }
    const SpectralExponent& currentSpectrum() const { return m_shown.spectrum; }
    bool hasResults() const { return m_hasResults; }
    /// A computation runs or waits whose results are not shown yet.
    bool isComputing() const;

    /// The large result line, e.g. "β = 0.96".
    QString displayedBetaText() const;
    /// The error of the last request, empty when it succeeded.
    QString errorText() const { return m_shown.error; }

    // Child widgets, for tests.
    QComboBox* kindCombo() const { return m_kind; }
    QSpinBox* lengthSpin() const { return m_length; }
    QSpinBox* seedSpin() const { return m_seed; }
    QSpinBox* orderSpin() const { return m_order; }
    TracePlot* tracePlot() const { return m_trace; }
    FluctuationPlot* fluctuationPlot() const { return m_fluctuation; }
    SpectrumPlot* spectrumPlot() const { return m_spectrum; }

signals:
    /// The plots got the results of the newest request.
    void resultsUpdated();
    /// Core refused the newest request (e.g. a series too short); the message is for a person.
    void computationFailed(const QString& message);

protected:
    void changeEvent(QEvent* event) override;

private:
    QWidget* buildControls();
    QWidget* buildSignalBox();
    QWidget* buildAnalysisBox();
    QWidget* buildResultBox();
    void connectControls();
    void updateParameterRows();
    void styleResult();
    /// The controls column (`width` pixels) and its scroll area (plus a scroll bar).
    void setPanelWidth(int width);
    void requestUpdate();
    void showOutcome(const NoiseOutcome& outcome);

    QWidget* m_panel = nullptr;
    QScrollArea* m_panelScroll = nullptr; ///< holds m_panel
    QComboBox* m_kind = nullptr;
    QFormLayout* m_signalForm = nullptr;
    QSlider* m_betaSlider = nullptr;
    QLabel* m_betaSliderValue = nullptr;
    QWidget* m_betaRow = nullptr;
    QSlider* m_hurstSlider = nullptr;
    QLabel* m_hurstSliderValue = nullptr;
    QWidget* m_hurstRow = nullptr;
    QSpinBox* m_length = nullptr;
    QSpinBox* m_seed = nullptr;
    QPushButton* m_newSeed = nullptr;
    QComboBox* m_method = nullptr;
    QSpinBox* m_order = nullptr;
    QLabel* m_betaResult = nullptr;
    QLabel* m_resultDetails = nullptr;
    QLabel* m_busyLabel = nullptr;
    QLabel* m_explanation = nullptr;

    TracePlot* m_trace = nullptr;
    FluctuationPlot* m_fluctuation = nullptr;
    SpectrumPlot* m_spectrum = nullptr;

    NoiseOutcome m_shown;
    /// The newest settings win: a running computation is stopped when newer settings arrive
    /// or the page closes (a long order-3 DFA would otherwise keep them waiting for seconds).
    JobRunner* m_jobs = new JobRunner(JobRunner::Policy::LatestWins, this);
    bool m_hasResults = false;
    bool m_presentation = false;
};

} // namespace flicker
