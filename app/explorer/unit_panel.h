// The neuron picker: the activation kind (x, gates, c, h; internal / external groups) and a
// sortable table of its units with their temporal SD, alpha and beta in this review and beta
// across reviews; multi-select and quick picks (most / least fluctuating, silent).
#pragma once

#include "record/activation_kind.h"
#include "study/review_analysis.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace flicker {

class UnitPanel : public QWidget {
    Q_OBJECT

public:
    enum Column { Unit, Sd, Alpha, Beta, BetaAcross, ColumnCount };
    /// How many units the quick-pick buttons select.
    static constexpr int kQuickPick = 5;

    explicit UnitPanel(QWidget* parent = nullptr);

    ActivationKind kind() const;
    void setKind(ActivationKind kind);
    /// Fills the table from one review's analysis of the current kind; `across` (may be
    /// empty) holds each unit's mean beta over the study's reviews. Keeps the selection when
    /// the unit count is unchanged.
    void setAnalysis(const KindAnalysis& analysis, const std::vector<double>& across);
    /// Updates only the across-review column (as a study streams in).
    void setAcross(const std::vector<double>& across);

    /// Selected units, ascending.
    std::vector<int> selectedUnits() const;
    void selectUnits(const std::vector<int>& units);

    void selectMostFluctuating();  ///< the kQuickPick units of largest temporal SD
    void selectLeastFluctuating(); ///< the kQuickPick non-silent units of smallest SD
    void selectSilent();           ///< units whose DFA found no variance

    QComboBox* kindCombo() const { return m_kind; }
    QTableWidget* table() const { return m_table; }
    QPushButton* mostButton() const { return m_most; }

signals:
    void kindChanged(ActivationKind kind);
    void unitsChanged(const std::vector<int>& units);

private:
    std::vector<int> unitsSortedBySd(bool descending, bool skipSilent) const;

    QComboBox* m_kind;
    QTableWidget* m_table;
    QPushButton* m_most;
    QPushButton* m_least;
    QPushButton* m_silent;
    QLabel* m_summary;
    std::vector<double> m_sd;
    std::vector<bool> m_silentUnits;
    bool m_updating = false;
};

} // namespace flicker
