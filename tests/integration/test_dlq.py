"""`mcf dlq list|replay` on the real broker (the test vhost): dead letters are listed with their reason, origin and
body without being taken, and a replay puts each back into its queue once; the consumer handles it once."""
# ruff: noqa: F811 - the fixtures imported from test_kit_messaging are what the tests take as arguments
import time

from mcf.kit.messaging import Consumer, ConsumerOptions, Publisher
from mcf.stack import dlq
from tests.integration.test_kit_messaging import Recorder, _event, _run, _seen, database, topology  # noqa: F401
from tests.support.amqp import wait_for


def _dead(settings, topology):
    [entry] = dlq.list_dead_letters(settings.amqp_url, topology)
    return entry


def test_dead_letters_are_listed_and_replayed_once_each(settings, topology, database):
    exchange, queue = topology.exchanges[0].name, topology.queues[0]
    failing = Recorder(database, fail_times=99)
    consumer = Consumer(settings.amqp_url, queue, failing, database, name=queue.name,
                        options=ConsumerOptions(max_attempts=2, retry_base_ms=50))
    thread = _run(consumer)
    try:
        publisher = Publisher(settings.amqp_url)
        events = [_event(exchange, n=n) for n in (1, 2, 3)]
        for event in events:
            publisher.publish(event)
        assert wait_for(lambda: _dead(settings, topology).count == 3, timeout=30)
        entry = _dead(settings, topology)
        assert _dead(settings, topology).count == 3  # listing took nothing
        by_id = {letter.message_id: letter for letter in entry.letters}
        assert set(by_id) == {e.id for e in events}
        letter = by_id[events[0].id]
        assert "handler failed 2 times" in letter.reason and letter.attempts == 2
        assert (letter.exchange, letter.routing_key) == (exchange, "thing.happened")  # kept through the retry
        assert '"thing.happened"' in "\n".join(letter.first_lines(5))
        text = dlq.format_listing([entry])
        assert f"{queue.dead_letter_queue}: 3 dead letters" in text and events[1].id in text

        consumer.handler = Recorder(database)  # fixed: the consumer handles what comes back
        assert dlq.replay(settings.amqp_url, topology, queue.name, ids=[events[0].id]) == [events[0].id]
        assert wait_for(lambda: _seen(database) == ["1"], timeout=20)
        assert _dead(settings, topology).count == 2
        replayed = dlq.replay(settings.amqp_url, topology, queue.dead_letter_queue, everything=True)
        assert sorted(replayed) == sorted(e.id for e in events[1:])
        assert wait_for(lambda: _seen(database) == ["1", "2", "3"], timeout=20)
        assert dlq.replay(settings.amqp_url, topology, queue.name, everything=True) == []
        # a second replay of the same dead letter (as after a crash between publish and ack) is dropped by the inbox
        Publisher(settings.amqp_url).publish_raw("", queue.name, events[0].to_json(), message_id=events[0].id)
        time.sleep(1.5)
        assert _seen(database) == ["1", "2", "3"] and _dead(settings, topology).count == 0
    finally:
        consumer.stop()
        thread.join(5)


def test_replaying_an_unknown_id_replays_nothing_and_keeps_the_rest(settings, topology, database):
    exchange, queue = topology.exchanges[0].name, topology.queues[0]
    consumer = Consumer(settings.amqp_url, queue, Recorder(database, reject=True), database, name=queue.name)
    thread = _run(consumer)
    try:
        Publisher(settings.amqp_url).publish(_event(exchange, n=7))
        assert wait_for(lambda: _dead(settings, topology).count == 1, timeout=20)
        assert dlq.replay(settings.amqp_url, topology, queue.name, ids=["no-such-id"]) == []
        assert _dead(settings, topology).count == 1
    finally:
        consumer.stop()
        thread.join(5)
