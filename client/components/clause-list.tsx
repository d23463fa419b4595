// A basic item's kept penalty clauses as a numbered list, each under its own clause number (the numbers
// come from the published list and may skip): the 执法 view and the printed report both show them so.
export interface Clause {
  clauseNo: number;
  text: string;
}

export function ClauseList({ clauses }: { clauses: readonly Clause[] }) {
  return (
    <ol className="clause-list">
      {clauses.map((c) => (
        <li key={c.clauseNo} value={c.clauseNo}>
          {c.text}
        </li>
      ))}
    </ol>
  );
}
