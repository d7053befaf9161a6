package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The figures read from /proc (Linux only): resident memory and CPU time
// of the server processes.
//
// TODO(#6): elsewhere these figures are left out of the report (the reads
// fail and are skipped); CPU ticks are taken as USER_HZ = 100, which is
// what Linux exports on every architecture we build for.

// procCPU returns the user plus system CPU time a process has used, from
// /proc/PID/stat (in clock ticks of 10 ms, USER_HZ on Linux).
func procCPU(pid int) (time.Duration, error) {
	if pid == 0 {
		return 0, errors.New("no process")
	}
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// Fields after the command name, which is in parentheses and may hold
	// spaces: state is field 3, utime 14, stime 15.
	i := bytes.LastIndexByte(data, ')')
	f := strings.Fields(string(data[i+1:]))
	if i < 0 || len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: unexpected format", pid)
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, fmt.Errorf("/proc/%d/stat: %w", pid, err)
	}
	return time.Duration(ut+st) * 10 * time.Millisecond, nil
}

// rss is the resident memory of a process, in MiB: the total, its
// anonymous part (heap, stacks) and its file-backed part (mostly the pages
// of the executable that have been touched).
type rss struct {
	Total, Anon, File float64
}

// readRSS reads VmRSS, RssAnon and RssFile from /proc/PID/status.
func readRSS(pid int) (rss, error) {
	var r rss
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return r, err
	}
	defer f.Close()
	fields := map[string]*float64{"VmRSS:": &r.Total, "RssAnon:": &r.Anon, "RssFile:": &r.File}
	found := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, rest, ok := strings.Cut(sc.Text(), "\t")
		dst := fields[key]
		if !ok || dst == nil {
			continue
		}
		kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
		if err != nil {
			return r, fmt.Errorf("%s of %d: %w", key, pid, err)
		}
		*dst = kb / 1024
		found++
	}
	if found == 0 {
		return r, fmt.Errorf("VmRSS of %d: not found", pid)
	}
	return r, nil
}

// selfCPU returns the user plus system CPU time of this process.
func selfCPU() (time.Duration, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, fmt.Errorf("getrusage: %w", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), nil
}
