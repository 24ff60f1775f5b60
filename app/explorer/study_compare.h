// Two studies side by side on the across-review page: the per-review β histograms of one kind
// overlaid (this study in blue, the other in orange, each named by its model, data set and
// accuracy) and the summary table with both sides and their difference. The other side is a
// study folder from disk, an earlier study of this session, or this study's untrained twin.
#pragma once

#include "io/study_io.h"
#include "study/compare.h"

#include <QColor>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QTableWidget;

namespace flicker {

class HistogramPlot;

/// One side of a comparison: a study, the suffix its rows are read under ("" the network,
/// "_untrained" its untrained twin) and the name a reader sees.
struct ComparedStudy {
    std::shared_ptr<const StudyResult> result;
    std::string suffix;
    QString label; ///< e.g. "demo.flicker (H = 64) · demo corpus · 84.1 % accuracy"
};

/// "model (H = n) · data set · a % accuracy", the parts that are known.
QString studyLabel(const QString& model, int hidden, double accuracy, const QString& dataset);
/// The same from a study file's provenance.
QString studyLabel(const Provenance& provenance);

class StudyComparison : public QWidget {
    Q_OBJECT

public:
    enum Column { Row, This, Other, Difference, ColumnCount };
    static inline const QColor kThisColor{0x00, 0x72, 0xb2};  ///< blue (Okabe–Ito)
    static inline const QColor kOtherColor{0xe6, 0x9f, 0x00}; ///< orange (Okabe–Ito)

    explicit StudyComparison(QWidget* parent = nullptr);

    /// Shows `a` (this study) against `b`; either may have no result yet (empty figure).
    void setStudies(const ComparedStudy& a, const ComparedStudy& b);
    void clear();

    /// The kind or group whose histograms are overlaid ("h" by default).
    std::string histogramRow() const;
    void setHistogramRow(const std::string& key);

    HistogramPlot* histogram() const { return m_histogram; }
    QTableWidget* table() const { return m_table; }
    QComboBox* rowCombo() const { return m_row; }
    /// Who is compared with whom, and the settings in which the studies differ.
    QString note() const;

private:
    void refresh();

    HistogramPlot* m_histogram;
    QComboBox* m_row;
    QTableWidget* m_table;
    QLabel* m_note;
    ComparedStudy m_a, m_b;
};

} // namespace flicker
