//! The system calls a learner's server may not make, as a seccomp filter bubblewrap installs
//! (`--seccomp FD`). Memory that no per-process limit counts (SysV shared memory and message
//! queues, in-memory files), and kernel features a chat server never needs (keyrings, BPF,
//! io_uring, perf, ptrace, userfaultfd), answer EPERM. So do the two calls that would let code
//! slip the app's hold on it: `setsid` (a session of its own is an autogroup of its own, which
//! the scheduler weighs against every other learner's: bwrap has made the jail's one session
//! before the filter applies) and `prctl(PR_SET_PDEATHSIG)` (clearing the signal that ends the
//! code with its jail). Compiled by `seccompiler`.

use std::collections::BTreeMap;

use seccompiler::{
    BpfProgram, SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompFilter, SeccompRule, TargetArch,
};

/// The refused calls, by number on this machine's architecture.
fn refused() -> Vec<libc::c_long> {
    vec![
        libc::SYS_shmget,
        libc::SYS_shmat,
        libc::SYS_msgget,
        libc::SYS_semget,
        libc::SYS_memfd_create,
        libc::SYS_memfd_secret,
        libc::SYS_userfaultfd,
        libc::SYS_keyctl,
        libc::SYS_add_key,
        libc::SYS_request_key,
        libc::SYS_bpf,
        libc::SYS_perf_event_open,
        libc::SYS_io_uring_setup,
        libc::SYS_ptrace,
        libc::SYS_process_vm_readv,
        libc::SYS_process_vm_writev,
        libc::SYS_mount,
        libc::SYS_umount2,
        libc::SYS_pivot_root,
        libc::SYS_setns,
        libc::SYS_unshare,
        libc::SYS_setsid,
    ]
}

/// Calls refused only with some arguments: `prctl(PR_SET_PDEATHSIG, …)`.
fn refused_with_arguments() -> Result<Vec<(libc::c_long, SeccompRule)>, seccompiler::BackendError> {
    let pdeathsig = SeccompCondition::new(0, SeccompCmpArgLen::Dword, SeccompCmpOp::Eq, libc::PR_SET_PDEATHSIG as u64)?;
    Ok(vec![(libc::SYS_prctl, SeccompRule::new(vec![pdeathsig])?)])
}

#[cfg(target_arch = "x86_64")]
const ARCH: TargetArch = TargetArch::x86_64;
#[cfg(target_arch = "aarch64")]
const ARCH: TargetArch = TargetArch::aarch64;

/// The filter as bubblewrap reads it: `struct sock_filter`s, in this machine's byte order.
pub fn program() -> Result<Vec<u8>, seccompiler::BackendError> {
    let mut rules = refused().into_iter().map(|call| (call, Vec::new())).collect::<BTreeMap<_, _>>();
    for (call, rule) in refused_with_arguments()? {
        rules.entry(call).or_default().push(rule);
    }
    let filter = SeccompFilter::new(rules, SeccompAction::Allow, SeccompAction::Errno(libc::EPERM as u32), ARCH)?;
    let program: BpfProgram = filter.try_into()?;
    let mut bytes = Vec::with_capacity(program.len() * 8);
    for instruction in program {
        bytes.extend_from_slice(&instruction.code.to_ne_bytes());
        bytes.push(instruction.jt);
        bytes.push(instruction.jf);
        bytes.extend_from_slice(&instruction.k.to_ne_bytes());
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_filter_compiles_to_whole_instructions() {
        let bytes = super::program().unwrap();
        assert!(!bytes.is_empty());
        assert_eq!(bytes.len() % 8, 0, "8 bytes per sock_filter");
    }
}
