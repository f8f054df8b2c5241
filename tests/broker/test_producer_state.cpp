// Unit tests of the idempotent-producer rules: duplicates within the five-batch window, gaps,
// stale and new epochs, unknown producers, sequence wrap-around.
#include <QtTest>

#include <limits>

#include "broker/core/producer_state.h"

using namespace tideline::broker;
using Kind = SequenceVerdict::Kind;

namespace {

ProducerBatch batch(std::int64_t id, std::int16_t epoch, std::int32_t first, std::int32_t count,
                    std::int64_t offset = -1) {
    ProducerBatch out;
    out.producer_id = id;
    out.producer_epoch = epoch;
    out.first_sequence = first;
    out.last_sequence = last_sequence_of(first, count - 1);
    out.first_offset = offset;
    out.last_offset = offset < 0 ? -1 : offset + count - 1;
    return out;
}

// Appends `count` batches of 10 records for producer 7, epoch 0, starting at sequence 0, offset 100.
PartitionProducers with_batches(int count) {
    PartitionProducers producers;
    for (int i = 0; i < count; ++i) {
        const auto next = batch(7, 0, i * 10, 10, 100 + i * 10);
        if (producers.check(next).kind != Kind::Append) qFatal("setup batch %d refused", i);
        producers.record(next);
    }
    return producers;
}

}  // namespace

class TestProducerState : public QObject {
    Q_OBJECT

private slots:
    void firstBatchOfNewProducerAppends() {
        PartitionProducers producers;
        QCOMPARE(producers.check(batch(7, 0, 0, 3)).kind, Kind::Append);
    }

    void unknownProducerWithNonZeroSequence() {
        PartitionProducers producers;
        const auto verdict = producers.check(batch(7, 0, 5, 3));
        QCOMPARE(verdict.kind, Kind::Reject);
        QCOMPARE(verdict.error_code, kUnknownProducerId);
        QVERIFY(!verdict.message.empty());
    }

    void nextInSequenceAppends() {
        auto producers = with_batches(2);
        QCOMPARE(producers.check(batch(7, 0, 20, 10)).kind, Kind::Append);
    }

    void duplicateGetsOriginalOffset() {
        auto producers = with_batches(3);
        const auto verdict = producers.check(batch(7, 0, 10, 10));
        QCOMPARE(verdict.kind, Kind::Duplicate);
        QCOMPARE(verdict.first_offset, 110);
        QCOMPARE(verdict.last_offset, 119);
    }

    void duplicateWindowIsFiveBatches() {
        auto producers = with_batches(6);
        // Batch 0 fell out of the window: it is no longer recognised, and it is not in sequence.
        const auto oldest = producers.check(batch(7, 0, 0, 10));
        QCOMPARE(oldest.kind, Kind::Reject);
        QCOMPARE(oldest.error_code, kOutOfOrderSequenceNumber);
        for (int i = 1; i < 6; ++i) {
            const auto verdict = producers.check(batch(7, 0, i * 10, 10));
            QCOMPARE(verdict.kind, Kind::Duplicate);
            QCOMPARE(verdict.first_offset, 100 + i * 10);
        }
    }

    void gapIsOutOfOrder() {
        auto producers = with_batches(2);
        const auto verdict = producers.check(batch(7, 0, 25, 10));
        QCOMPARE(verdict.kind, Kind::Reject);
        QCOMPARE(verdict.error_code, kOutOfOrderSequenceNumber);
        QVERIFY(verdict.message.find("expected 20") != std::string::npos);
    }

    void overlappingRetryIsOutOfOrderNotDuplicate() {
        auto producers = with_batches(2);
        // Same start as a remembered batch but a different length: not the same batch.
        QCOMPARE(producers.check(batch(7, 0, 10, 5)).error_code, kOutOfOrderSequenceNumber);
    }

    void staleEpochIsFenced() {
        PartitionProducers producers;
        producers.record(batch(7, 3, 0, 1, 0));
        const auto verdict = producers.check(batch(7, 2, 1, 1));
        QCOMPARE(verdict.kind, Kind::Reject);
        QCOMPARE(verdict.error_code, kInvalidProducerEpoch);
        // Even a would-be duplicate of the old epoch is fenced.
        QCOMPARE(producers.check(batch(7, 2, 0, 1)).error_code, kInvalidProducerEpoch);
    }

    void bumpedEpochMustRestartAtZero() {
        auto producers = with_batches(2);
        QCOMPARE(producers.check(batch(7, 1, 0, 10)).kind, Kind::Append);
        const auto verdict = producers.check(batch(7, 1, 20, 10));
        QCOMPARE(verdict.error_code, kOutOfOrderSequenceNumber);
    }

    void bumpedEpochForgetsOldBatches() {
        auto producers = with_batches(2);
        producers.record(batch(7, 1, 0, 10, 500));
        // Sequence 0-9 of epoch 1 is the new batch, not the old one at offset 100.
        const auto verdict = producers.check(batch(7, 1, 0, 10));
        QCOMPARE(verdict.kind, Kind::Duplicate);
        QCOMPARE(verdict.first_offset, 500);
        QCOMPARE(producers.check(batch(7, 1, 10, 10)).kind, Kind::Append);
    }

    void producersAreIndependent() {
        auto producers = with_batches(2);
        QCOMPARE(producers.check(batch(8, 0, 0, 1)).kind, Kind::Append);
        QCOMPARE(producers.check(batch(8, 0, 20, 1)).error_code, kUnknownProducerId);
    }

    void sequenceWrapsAtIntMax() {
        constexpr auto kMax = std::numeric_limits<std::int32_t>::max();
        QCOMPARE(next_sequence(kMax), 0);
        QCOMPARE(last_sequence_of(kMax - 1, 3), 1);
        PartitionProducers producers;
        producers.record(batch(7, 0, 0, 1, 0));
        ProducerBatch near_end = batch(7, 0, 1, 1, 1);
        near_end.last_sequence = kMax;  // as if it covered 1..INT32_MAX
        producers.record(near_end);
        QCOMPARE(producers.check(batch(7, 0, 0, 5)).kind, Kind::Append);
    }
};

QTEST_APPLESS_MAIN(TestProducerState)
#include "test_producer_state.moc"
