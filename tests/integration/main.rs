//! The integration tests, one binary: the real app on port 0 with a temporary SQLite file, real
//! `redis-server` processes and real WebSocket clients. One binary rather than one per file because
//! each links the whole app: seven links of ~700 MB each cost CI minutes and gigabytes of disk.

mod common;

mod account_forms;
mod accounts;
mod cluster_limits;
mod cluster_news;
mod comments;
mod console;
mod exercises;
mod languages;
mod learner_server;
mod learner_server_escapes;
mod learner_server_sandbox;
mod lesson_samples;
mod lessons_check;
mod live;
mod metrics;
mod nodes;
mod private_messages;
mod proxy;
mod reports;
mod sandbox_delivery;
mod sandbox_hardening;
mod sandbox_lifecycle;
mod sandbox_protocol;
mod sandbox_redis_limits;
mod session_lifetime;
mod site;
