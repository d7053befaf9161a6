package main

import (
	"encoding/json"
	"io"

	"github.com/naftiko/naftiko-go/pkg/spec"
)

// SARIF 2.1.0 output for code-scanning uploads: one run, the rule
// catalogue in tool.driver.rules, one result per diagnostic with a region.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string        `json:"id"`
	ShortDescription     sarifMessage  `json:"shortDescription"`
	DefaultConfiguration sarifRuleConf `json:"defaultConfiguration"`
}

type sarifRuleConf struct {
	Level string `json:"level"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
}

func sarifLevel(s spec.Severity) string {
	switch s {
	case spec.SeverityError:
		return "error"
	case spec.SeverityWarning:
		return "warning"
	}
	return "note"
}

func writeSARIF(w io.Writer, r report) error {
	driver := sarifDriver{Name: "naftiko", Version: toolVersion,
		InformationURI: "https://github.com/naftiko/naftiko-go"}
	index := map[string]int{}
	for i, rule := range spec.Rules {
		index[rule.ID] = i
		driver.Rules = append(driver.Rules, sarifRule{ID: rule.ID,
			ShortDescription:     sarifMessage{Text: rule.Description},
			DefaultConfiguration: sarifRuleConf{Level: sarifLevel(rule.Severity)}})
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: []sarifResult{}}
	for _, res := range r.results {
		for _, d := range res.diags {
			i, ok := index[d.Rule]
			if !ok {
				i = index[spec.RuleSchema]
			}
			run.Results = append(run.Results, sarifResult{
				RuleID: spec.Rules[i].ID, RuleIndex: i, Level: sarifLevel(d.Severity),
				Message: sarifMessage{Text: d.Message},
				Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
					ArtifactLocation: sarifArtifact{URI: d.File},
					Region:           sarifRegion{StartLine: max(d.Line, 1), StartColumn: max(d.Column, 1)},
				}}},
			})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	})
}
