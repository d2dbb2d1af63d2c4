import { SegmentedControl } from '@mantine/core';
import { useState } from 'react';
import { QueryState, usePaged } from '../components/states';
import { m } from '../messages';
import { fetchMyProjects } from './MyProjectsPage';
import { ProjectView } from './ProjectPage';

/** Holder's home: their project (a choice when they carry several). */
export default function MyProjectPage() {
  const query = usePaged(['my-projects'], fetchMyProjects);
  const [chosen, setChosen] = useState<string | null>(null);
  const id = chosen ?? query.items[0]?.id;
  return (
    <QueryState query={query} isEmpty={query.items.length === 0} empty={m.projects.noProject}>
      {query.items.length > 1 && (
        <SegmentedControl mb="md" value={id} onChange={setChosen} data={query.items.map((p) => ({ value: p.id, label: p.title }))} aria-label={m.nav.myProject} />
      )}
      {id && <ProjectView id={id} />}
    </QueryState>
  );
}
