// The 8-stage administrative enforcement procedure that reclaimed penalty items describe:
// 1.立案阶段 2.调查阶段 3.审查阶段 4.集体讨论 5.告知阶段 6.决定阶段 7.执行阶段 8.材料归档.

export const PROCEDURE_STAGES = ['立案', '调查', '审查', '集体讨论', '告知', '决定', '执行', '归档'] as const;
export type ProcedureStage = (typeof PROCEDURE_STAGES)[number];

export interface ParsedStage {
  stageNo: number;
  stage: ProcedureStage;
  text: string;
}

const STAGE_AT_START = /^(?:材料)?(立案|调查|审查|集体讨论|告知|决定|执行|归档)/;

/** Reads the stages from a working method's numbered steps; [] when the steps are not a procedure. */
export function parseProcedureStages(steps: readonly string[]): ParsedStage[] {
  const stages: ParsedStage[] = [];
  steps.forEach((step, index) => {
    const match = STAGE_AT_START.exec(step);
    if (match?.[1]) stages.push({ stageNo: index + 1, stage: match[1] as ProcedureStage, text: step });
  });
  // A method that merely mentions 调查 in one step is not a procedure: require most stages.
  return stages.length >= 4 ? stages : [];
}
