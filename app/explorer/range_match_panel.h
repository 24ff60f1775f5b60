// "Units that follow the selected words": select a range of words in the review text and this
// lists the units of the shown kind whose activity singles out that range best (LSTMVis's core
// gesture; the score is core/study/range_match.h's); choosing rows shows those units.
#pragma once

#include "study/range_match.h"

#include <QWidget>

#include <vector>

class QLabel;
class QPushButton;
class QTableWidget;

namespace flicker {

class RangeMatchPanel : public QWidget {
    Q_OBJECT

public:
    enum Column { Unit, Score, Inside, Outside, ColumnCount };
    /// The best matches listed (the rest rarely follow the range at all).
    static constexpr int kListed = 12;
    /// How many the "Show best" button selects.
    static constexpr int kBest = 3;

    explicit RangeMatchPanel(QWidget* parent = nullptr);

    /// Lists the best kListed of `matches` (ranked) for the words `rangeText` describes.
    void setMatches(const std::vector<RangeMatch>& matches, const QString& rangeText);
    /// Empties the list and says why (or how to start).
    void clear(const QString& hint);

    /// The units listed, in rank order.
    std::vector<int> listedUnits() const;
    QTableWidget* table() const { return m_table; }
    QPushButton* bestButton() const { return m_best; }
    QString hint() const;

signals:
    /// The user chose these units in the list (ascending): show them.
    void unitsChosen(const std::vector<int>& units);
    /// The list was filled (true) or emptied (false): it is shown only with rows.
    void listChanged(bool listed);

private:
    QLabel* m_hint;
    QTableWidget* m_table;
    QPushButton* m_best;
    bool m_updating = false;
};

} // namespace flicker
