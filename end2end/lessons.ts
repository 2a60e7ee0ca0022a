// The course's published lessons, in order, as the browser tests visit them.
export const lessons = [
  "push-not-poll",
  "horizontal-scaling",
  "redis-pubsub-on-the-wire",
  "patterns-and-channel-design",
  "socketio-redis-adapter",
  "when-redis-blinks",
  "the-redis-pubsub-bridge",
];
